x = 5
print(1 < x < 10, 1 < x > 10, 0 <= x <= 5 < 6)
print(1 == 1.0 == True, "a" < "b" < "c", [1, 2] < [1, 3])
def noisy(v):
    print("eval", v)
    return v
print(noisy(1) < noisy(2) < noisy(0) < noisy(5))
print(3 > 2 > 1 > 0, 1 is not None, None is None)
print(2 in [1, 2, 3], 4 not in (1, 2), "ell" in "hello")
