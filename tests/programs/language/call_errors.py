def f(a, b=2, *rest, c, d=4, **kw):
    return a, b, rest, c, d, kw
tests = [
    lambda: f(1, c=3),
    lambda: f(1, 2, 3, 4, c=5, x=6),
    lambda: f(c=1, a=2),
    lambda: f(1),
    lambda: f(1, 2, c=3, a=4),
    lambda: f(),
    lambda: f(*[1, 2], **{"c": 3, "z": 9}),
]
for t in tests:
    try:
        print(t())
    except TypeError as e:
        print("TypeError:", e)
def g(x, /, y, *, z):
    return x + y + z
for t in [lambda: g(1, 2, z=3), lambda: g(1, y=2, z=3), lambda: g(x=1, y=2, z=3), lambda: g(1, 2, 3), lambda: g(1, 2)]:
    try:
        print(t())
    except TypeError as e:
        print("TypeError:", e)
def h(*, only):
    return only
for t in [lambda: h(only=1), lambda: h(1), lambda: h()]:
    try:
        print(t())
    except TypeError as e:
        print("TypeError:", e)
def k(a, b, c, d):
    pass
for t in [lambda: k(1), lambda: k(1, 2), lambda: k(1, 2, 3, 4, 5), lambda: k(1, 2, 3, 4, e=5), lambda: k(1, 2, 3, d=4, b=0)]:
    try:
        print(t())
    except TypeError as e:
        print("TypeError:", e)
print((lambda *a, **k: (a, sorted(k.items())))(1, 2, x=3))
def counter():
    n = 0
    def gen():
        nonlocal n
        while n < 3:
            n += 1
            yield n
    return gen
print(list(counter()()))
try:
    len()
except TypeError as e:
    print("TypeError:", e)
try:
    len([], [])
except TypeError as e:
    print("TypeError:", e)
try:
    "abc".upper(1)
except TypeError as e:
    print("TypeError:", e)
try:
    [].append()
except TypeError as e:
    print("TypeError:", e)
try:
    sorted([1], key=1)
except TypeError as e:
    print("TypeError:", e)
try:
    sum(["a", "b"])
except TypeError as e:
    print("TypeError:", e)
print(str.upper("x"), list.append.__name__ if False else "", str.join(",", ["a", "b"]))
try:
    str.upper(5)
except TypeError as e:
    print("TypeError:", e)
