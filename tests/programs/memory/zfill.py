# run-under: prlimit --as=3000000000
# Issue 7, item 4: a size from user input that cannot be allocated raises
# MemoryError (or OverflowError), never aborts.
print("start")
'ab'.zfill(10**12)
