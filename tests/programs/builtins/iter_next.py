it = iter([1, 2, 3])
print(next(it), next(it), next(it), next(it, "end"))
s = iter("hi")
print(next(s), next(s))
r = iter(range(2))
print(list(r), list(r))
d = iter({"a": 1, "b": 2})
print(next(d), list(d))
try:
    next(iter([]))
except StopIteration:
    print("StopIteration raised")
e = enumerate(["x", "y"])
print(next(e), list(e))
