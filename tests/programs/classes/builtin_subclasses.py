class Stack(list):
    def push(self, item):
        self.append(item)
    def peek(self):
        return self[-1]

s = Stack()
s.push(1); s.push(2); s.extend([3, 4])
print(s, len(s), s.peek(), s[0], s[1:3], list(s), 3 in s, bool(Stack()), isinstance(s, list))
s += [5]
print(type(s).__name__, s, s == [1, 2, 3, 4, 5], sorted(s, reverse=True), s.pop(), sum(s))
for x in s:
    print(x, end=" ")
print()
s[0] = 10
del s[1]
print(s, s.index(3), repr(s), str(s), f"{s}")

class Registry(dict):
    def __missing__(self, key):
        value = self[key] = len(key)
        return value
r = Registry(a=1)
print(r["a"], r["hello"], r, len(r), "hello" in r, sorted(r.keys()), r.get("zz"))
r.update({"b": 2})
print(list(r.items()), dict(r), isinstance(r, dict))

class Celsius(float):
    def to_f(self):
        return self * 9 / 5 + 32
c = Celsius(100)
print(c, c.to_f(), c + 1, c > 50, round(c), int(c), type(c).__name__, f"{c:.1f}")

class Id(int):
    def __repr__(self):
        return f"Id({int(self)})"
i = Id(7)
print(i, i + 1, i * 2, [10, 20, 30, 40, 50, 60, 70, 80][i], hash(i) == hash(7), i == 7, -i, abs(Id(-3)), str(i))

class Name(str):
    def shout(self):
        return self.upper() + "!"
n = Name("bob")
print(n, n.shout(), n + "by", len(n), n == "bob", n.startswith("b"), n[0], repr(n), {n: 1}["bob"])

class Pair(tuple):
    def first(self):
        return self[0]
p = Pair([1, 2])
print(p, p.first(), len(p), p + (3,), p == (1, 2), type(p).__name__)

class Tags(set):
    pass
t = Tags([1, 2])
t.add(3)
print(sorted(t), 2 in t, len(t), t | {9} == {1, 2, 3, 9})

class Matrix(list):
    def __init__(self, rows):
        super().__init__(rows)
        self.size = len(rows)
m = Matrix([[1, 2], [3, 4]])
print(m, m.size, m[1][0])

class Point(tuple):
    def __new__(cls, x, y):
        return super().__new__(cls, (x, y))
    @property
    def x(self):
        return self[0]
pt = Point(3, 4)
print(pt, pt.x, pt[1], len(pt), type(pt).__name__)
