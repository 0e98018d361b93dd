this first line is not Python (-x skips it)
print("second line ran")
raise ValueError("line 3")
