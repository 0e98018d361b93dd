class A:
    def who(self):
        return ("A", __class__.__name__)
    def greet(self, x):
        return f"A.greet({x})"
class B(A):
    def who(self):
        return ("B", super(B, self).who(), A.who(self))
    def greet(self, x):
        return "B+" + A.greet(self, x)
b = B()
print(b.who(), b.greet(1), B.greet(b, 2), A.greet.__qualname__)
class C:
    def method(self):
        def inner():
            return super(C, self).__repr__()[:10]
        return inner()
print(C().method())
print(B.__bases__, B.__base__, A.__subclasses__(), type(b) is B, b.__class__ is B)
o1, o2 = object(), object()
print(o1 is not o2, id(o1) == id(o1), hash(o1) == hash(o1))
