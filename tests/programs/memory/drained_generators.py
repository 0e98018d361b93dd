# list()/tuple()/set()/frozenset() of a generator drain it while the
# collector runs (the items taken so far must survive every collection).


class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y

    def __hash__(self):
        return hash((self.x, self.y))

    def __eq__(self, other):
        return (self.x, self.y) == (other.x, other.y)

    def __repr__(self):
        return f"Point({self.x}, {self.y})"


def garbage_then(value, amount=3):
    # Allocate and drop enough to trigger collections between items.
    for _ in range(amount):
        [str(i) for i in range(20)]
    return value


def points(n):
    for i in range(n):
        yield Point(i, garbage_then([i, (i, str(i))]))


items = list(points(120))
print(len(items), items[0].y, items[-1].y, items[60].x)
print(sum(p.x for p in items), all(p.y[1][1] == str(p.x) for p in items))

nested = tuple(tuple(str(j) * 2 for j in range(i % 5)) for i in range(80))
print(len(nested), nested[7], nested[79])

unique = set(Point(i % 17, garbage_then(i % 3)) for i in range(150))
print(len(unique), sorted((p.x, p.y) for p in unique)[:4])
frozen = frozenset(garbage_then(i * i % 11) for i in range(100))
print(sorted(frozen))


def failing():
    for i in range(100):
        yield garbage_then([i])
        if i == 60:
            raise ValueError("stopped at 60")


try:
    list(failing())
except ValueError as error:
    print("ValueError:", error)


def selfish():
    yield 1
    yield list(generator)


generator = selfish()
print(next(generator))
try:
    next(generator)
except ValueError as error:
    print("ValueError:", error)

# A generator that returns at once, and one left half-drained by an error
# in a key.
print(list(x for x in ()), tuple(range(0)), set(x for x in []))


class BadHash:
    def __hash__(self):
        raise TypeError("no hash for you")


try:
    set(BadHash() for _ in range(3))
except TypeError as error:
    print("TypeError:", error)
