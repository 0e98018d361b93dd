# Polymorphic attribute sites: one base-class method sees instances of
# several subclasses with the same attribute layout.
class Base:
    def __init__(self, v):
        self.v = v
        self.w = v * 2
    def get(self):
        return self.v + self.w
    def kind(self):
        return self.name()
    def name(self):
        return 'base'
    def put(self, x):
        self.v = x

class A(Base):
    def name(self):
        return 'A'

class B(Base):
    pass

class WithProperty(Base):
    # A data descriptor on the class hides the instance value.
    @property
    def v(self):
        return 1000
    @v.setter
    def v(self, value):
        self.__dict__['v'] = value

class Tracing(Base):
    def __getattribute__(self, name):
        if name == 'w':
            return -1
        return object.__getattribute__(self, name)

class Setting(Base):
    def __setattr__(self, name, value):
        object.__setattr__(self, name, value + 1 if name == 'v' else value)

objects = [Base(1), A(2), B(3), WithProperty(4), Tracing(5), Setting(6)]
for round_ in range(60):
    total = 0
    kinds = []
    for o in objects:
        total += o.get()
        kinds.append(o.kind())
        o.put(round_)
    if round_ % 20 == 0 or round_ == 59:
        print(round_, total, kinds)

# A class changed after the site specialized.
B.name = lambda self: 'patched'
B.v = property(lambda self: 'class property')
print([o.kind() for o in objects], [o.get() if not isinstance(o, B) else o.v for o in objects])
