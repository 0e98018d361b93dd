class Base:
    kind = "base"
    def method(self):
        pass
class Child(Base):
    __slots__ = ("a",)
class Plain(Base):
    def __init__(self):
        self.value = 1
class Err(KeyError):
    code = 3
print(dir(Plain()))
print(dir(Child))
print([n for n in dir(Err("x")) if not n.startswith("__")])
print([n for n in dir(Plain) if not n.startswith("_")])
