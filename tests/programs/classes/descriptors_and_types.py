class Typed:
    def __set_name__(self, owner, name):
        self.name = "_" + name
        print("set_name", owner.__name__, name)
    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        return getattr(instance, self.name, "unset")
    def __set__(self, instance, value):
        if not isinstance(value, int):
            raise TypeError(f"{self.name[1:]} must be int")
        setattr(instance, self.name, value)

class NonData:
    def __get__(self, instance, owner):
        return "nondata"

class Record:
    size = Typed()
    extra = NonData()
    def __init__(self, size):
        self.size = size

r = Record(3)
print(r.size, r._size, Record.size.name, r.extra)
r.extra = "shadowed"
print(r.extra)
try:
    r.size = "big"
except TypeError as e:
    print("TypeError:", e)

class Shape:
    registry = []
    def __init_subclass__(cls, kind="plain", **kwargs):
        super().__init_subclass__(**kwargs)
        cls.kind = kind
        Shape.registry.append(cls.__name__)
class Circle(Shape, kind="round"):
    pass
class Square(Shape):
    pass
print(Shape.registry, Circle.kind, Square.kind)

class Box:
    def __class_getitem__(cls, item):
        return f"Box[{item.__name__}]"
print(Box[int])

class P:
    def __init__(self):
        self._x = 0
    @property
    def x(self):
        "the x"
        return self._x
    @x.setter
    def x(self, v):
        self._x = v * 2
    @x.deleter
    def x(self):
        print("deleting")
        self._x = None
p = P()
p.x = 5
print(p.x, P.x.__doc__)
del p.x
print(p.x)
class RO:
    @property
    def v(self):
        return 1
try:
    RO().v = 2
except AttributeError as e:
    print("AttributeError:", e)

class K:
    count = 0
    @classmethod
    def make(cls):
        cls.count += 1
        return cls()
    @staticmethod
    def helper(a, b):
        return a + b
k = K.make()
print(K.count, k.helper(1, 2), k.make().count, type(k).__name__)

Dyn = type("Dyn", (K,), {"z": 5, "method": lambda self: self.z * 2})
d = Dyn()
print(Dyn.__name__, d.method(), d.helper(2, 3), Dyn.__mro__[1].__name__, isinstance(d, K))
print(K.__subclasses__()[0].__name__, [c.__name__ for c in Dyn.mro()])
print(isinstance(d, (int, K)), issubclass(Dyn, (str, K)), issubclass(bool, int))
o = object()
print(type(o).__name__, o == o, o != object())
print(id(d) == id(d), d is d)

class WithSlots:
    __slots__ = ["a"]
w = WithSlots()
w.a = 1
try:
    w.__dict__
except AttributeError as e:
    print("AttributeError:", e)
try:
    print(w.b)
except AttributeError as e:
    print("AttributeError:", e)

class Outer:
    class Inner:
        def method(self):
            pass
print(Outer.Inner.__qualname__, Outer.Inner.method.__qualname__)
def factory():
    class Local:
        pass
    return Local
print(factory().__qualname__, repr(factory())[:32])
print(Record.__module__, Outer.__doc__, P.__dict__["x"].__class__.__name__)
