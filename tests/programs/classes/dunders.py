class Money:
    def __init__(self, cents):
        self.cents = cents
    def __repr__(self):
        return f"Money({self.cents})"
    def __add__(self, other):
        if isinstance(other, Money):
            return Money(self.cents + other.cents)
        if isinstance(other, int):
            return Money(self.cents + other)
        return NotImplemented
    def __radd__(self, other):
        return self.__add__(other)
    def __iadd__(self, other):
        self.cents += other.cents if isinstance(other, Money) else other
        return self
    def __sub__(self, other):
        return Money(self.cents - other.cents)
    def __mul__(self, k):
        return Money(self.cents * k)
    __rmul__ = __mul__
    def __truediv__(self, k):
        return Money(self.cents // k)
    def __neg__(self):
        return Money(-self.cents)
    def __pos__(self):
        return self
    def __abs__(self):
        return Money(abs(self.cents))
    def __invert__(self):
        return Money(~self.cents)
    def __eq__(self, other):
        return isinstance(other, Money) and self.cents == other.cents
    def __lt__(self, other):
        return self.cents < other.cents
    def __le__(self, other):
        return self.cents <= other.cents
    def __hash__(self):
        return hash(self.cents)
    def __bool__(self):
        return self.cents != 0
    def __int__(self):
        return self.cents
    def __float__(self):
        return self.cents / 100
    def __index__(self):
        return self.cents
    def __format__(self, spec):
        return format(self.cents / 100, spec)
    def __pow__(self, n, mod=None):
        return Money(pow(self.cents, n, mod) if mod else self.cents ** n)
    def __matmul__(self, other):
        return self.cents * other.cents

a, b = Money(150), Money(275)
print(a + b, a + 5, 5 + a, sum([a, b], Money(0)), a - b, a * 3, 3 * a, a / 2)
print(-a, +a, abs(-a), ~a, a == Money(150), a != b, a < b, b > a, a <= a, b >= a)
c = a
c += b
print(c, a is c, hash(a) == hash(150), bool(Money(0)), int(a), float(a))
print([10, 20, 30, 40][Money(2)], f"{a:.2f}", format(b, ">10.1f"), a ** 2, pow(a, 2, 7), a @ b)
print(max([a, b, Money(3)]), min(a, b), sorted([b, a, Money(1)]))
try:
    a + "x"
except TypeError as e:
    print("TypeError:", e)
try:
    a < 3
except (TypeError, AttributeError) as e:
    print(type(e).__name__, e)

class Sub(Money):
    def __radd__(self, other):
        return "Sub.__radd__"
print(Money(1) + Sub(2))

class Seq:
    def __init__(self, n):
        self.n = n
    def __len__(self):
        return self.n
    def __getitem__(self, i):
        if i >= self.n:
            raise IndexError("out of range")
        return i * i
    def __contains__(self, x):
        return x == "magic"
    def __reversed__(self):
        return iter(["r", "e", "v"])
s = Seq(4)
print(list(s), len(s), "magic" in s, 4 in s, list(reversed(s)), bool(Seq(0)), s[2])
for x in s:
    print(x, end=" ")
print()

class Lazy:
    def __init__(self):
        self.real = 1
    def __getattr__(self, name):
        if name.startswith("x"):
            return name.upper()
        raise AttributeError(f"no {name}")
l = Lazy()
print(l.real, l.xyz, getattr(l, "nope", "default"), hasattr(l, "xa"))

class Logged:
    def __setattr__(self, name, value):
        print("set", name, value)
        object.__setattr__(self, name, value)
    def __delattr__(self, name):
        print("del", name)
        object.__delattr__(self, name)
    def __getattribute__(self, name):
        if name == "secret":
            return "hidden"
        return object.__getattribute__(self, name)
g = Logged()
g.a = 1
g.b = 2
del g.a
print(g.b, g.secret, hasattr(g, "a"))
