class Point:
    """A point."""
    count = 0
    def __init__(self, x, y):
        self.x = x
        self.y = y
        Point.count += 1
    def norm2(self):
        return self.x * self.x + self.y * self.y
    def __repr__(self):
        return f"Point({self.x}, {self.y})"
    def __add__(self, other):
        return Point(self.x + other.x, self.y + other.y)
    def __eq__(self, other):
        return isinstance(other, Point) and self.x == other.x and self.y == other.y

p = Point(1, 2)
q = Point(3, 4)
print(p, q, p + q, p.norm2(), Point.count)
print(p == Point(1, 2), p != q, [p, q])
print(Point.__name__, Point.__qualname__, Point.__doc__, type(p).__name__)

class Animal:
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "..."
    def describe(self):
        return f"{self.name} says {self.speak()}"

class Dog(Animal):
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return "Woof"

d = Dog("Rex", "lab")
print(d.describe(), d.breed, isinstance(d, Animal), issubclass(Dog, Animal))
print([c.__name__ for c in Dog.__mro__])

class A:
    @staticmethod
    def s(x): return x * 2
    @classmethod
    def c(cls, y): return (cls.__name__, y)
    @property
    def p(self): return 42
    @p.setter
    def p(self, v): print("set", v)
print(A.s(3), A.c(4), A().p)
a = A(); a.p = 5
class B(A): pass
print(B.c(1))
