class MyError(Exception):
    def __init__(self, code, message):
        super().__init__(message)
        self.code = code
    def __str__(self):
        return f"[{self.code}] {self.args[0]}"

try:
    raise MyError(7, "broken")
except MyError as e:
    print("caught", e, e.code, e.args, type(e).__name__)
except Exception:
    print("wrong")

class Plain(ValueError):
    pass

try:
    raise Plain("x", 1)
except ValueError as e:
    print(repr(e), e.args, isinstance(e, Plain))

class Vec:
    __slots__ = ("x", "y")
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __len__(self):
        return 2
    def __getitem__(self, i):
        if i == 0: return self.x
        if i == 1: return self.y
        raise IndexError(i)
    def __iter__(self):
        yield self.x
        yield self.y
    def __lt__(self, other):
        return (self.x, self.y) < (other.x, other.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)

v = Vec(1, 2)
print(len(v), v[0], list(v), sorted([Vec(3, 1), v]), bool(Vec(0, 0)), -v)
try:
    v.z = 3
except AttributeError as e:
    print("AttributeError:", e)
if v:
    print("truthy")
x, y = v
print(x, y, 2 in v)

class Counter:
    def __init__(self):
        self.n = 0
    def __call__(self, k=1):
        self.n += k
        return self.n
c = Counter()
c(); c(5)
print(c.n, callable(c))

class Base:
    def hello(self):
        return "base"
class Left(Base):
    def hello(self):
        return "left+" + super().hello()
class Right(Base):
    def hello(self):
        return "right+" + super().hello()
class Diamond(Left, Right):
    def hello(self):
        return "diamond+" + super().hello()
print(Diamond().hello(), [k.__name__ for k in Diamond.__mro__])
try:
    class Bad(Left, Base, Right): pass
except TypeError as e:
    print("TypeError:", e)

o = Counter()
o.extra = 5
print(o.__dict__, vars(o))
o.__dict__["more"] = 6
print(o.more, hasattr(o, "nope"), getattr(o, "nope", "default"))
setattr(o, "z", 9); delattr(o, "extra")
print(sorted(o.__dict__.items()))
print(Counter.__init__.__qualname__)
