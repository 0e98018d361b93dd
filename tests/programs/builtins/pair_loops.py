# Loops that unpack pairs straight from enumerate, zip and dict.items()
# (the loop pushes the two items without building the tuple): the values,
# the errors, and the loops that must still see a real tuple.
d = {"a": 1, "b": 2, "c": 3}
for k, v in d.items():
    print(k, v)
for i, (k, v) in enumerate(d.items()):
    print(i, k, v)
for a, b in zip("xyz", range(10)):
    print(a, b)
for i, ch in enumerate("hé!", 5):
    print(i, ch)
for i, x in enumerate(iter([10, 20])):
    print(i, x)
for pair in zip([1, 2], [3, 4]):
    print(pair, type(pair).__name__)
for a, *rest in zip([1, 2], [3, 4]):
    print(a, rest)
for a, b, c in zip([1], [2], [3]):
    print(a, b, c)
total = 0
for n in range(200):
    for i, (x, y) in enumerate(zip(range(n), range(n, 2 * n))):
        total += i * x + y
print(total)


def gen():
    yield 1
    yield 2


for i, g in enumerate(gen()):
    print("gen", i, g)
for a, b in zip(gen(), gen()):
    print("zip gen", a, b)

try:
    for k, v in d.items():
        d["new"] = 1
except RuntimeError as e:
    print("RuntimeError:", e)
try:
    for a, b in zip([1, 2], [1], strict=True):
        print(a, b)
except ValueError as e:
    print("ValueError:", e)
try:
    for a, b in enumerate([1]):
        raise KeyError(a)
except KeyError as e:
    print("KeyError:", e)
big = 2**62
for i, x in enumerate("ab", big):
    print(i, x)
