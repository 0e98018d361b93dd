class Point:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
    def __repr__(self):
        return f"P({self.x},{self.y})"

seen = {Point(1, 2), Point(1, 2), Point(3, 4)}
print(len(seen), Point(1, 2) in seen, Point(9, 9) in seen)
d = {Point(0, 0): "origin"}
d[Point(0, 0)] = "again"
d[Point(1, 0)] = "east"
print(len(d), d[Point(0, 0)], d.get(Point(1, 0)), d.get(Point(5, 5), "none"), Point(1, 0) in d)
del d[Point(1, 0)]
print(d, d.pop(Point(0, 0)), d)
s = set()
for i in range(10):
    s.add(Point(i % 3, 0))
print(sorted(s, key=lambda p: p.x))
s.discard(Point(0, 0)); s.remove(Point(1, 0))
print(s)
counts = {}
for p in [Point(1, 1), Point(1, 1), Point(2, 2)]:
    counts[p] = counts.get(p, 0) + 1
print(counts)
print({Point(1, 1): 1} == {Point(1, 1): 1})
grid = {Point(x, y): x * y for x in range(3) for y in range(3)}
print(grid[Point(2, 2)], len(grid))

class Unhashable:
    def __eq__(self, other):
        return True
try:
    {Unhashable(): 1}
except TypeError as e:
    print("TypeError:", e)

class Ident:
    pass
a, b = Ident(), Ident()
m = {a: 1, b: 2}
print(m[a], m[b], len({a, a, b}))

class Loose:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return self.v == other
    def __hash__(self):
        return hash(self.v)
mixed = {1: "int one"}
print(mixed.get(Loose(1)), Loose(1) in {1, 2}, {Loose(2): "x"}.get(2))
