# One attribute or method site reached by instances of several classes
# with different shapes (the subclasses of a base whose methods run on all
# of them): values, methods, shadowing by an instance attribute, and a
# class changed while the site is warm.


class Base:
    def __init__(self, v):
        self.v = v

    def describe(self):
        return 'base'

    def value(self):
        return self.v


class Wide(Base):
    def __init__(self, v):
        self.extra = 'x'
        self.more = 2
        super().__init__(v)

    def describe(self):
        return 'wide'


class Narrow(Base):
    def describe(self):
        return 'narrow'


class Shadowed(Base):
    def __init__(self, v):
        super().__init__(v)
        self.describe = lambda: 'shadowed'


class WithGetattr(Base):
    def __getattr__(self, name):
        return 'fallback:' + name


objects = [Base(1), Wide(2), Narrow(3), Shadowed(4), WithGetattr(5)]
totals = {}
for i in range(3000):
    o = objects[i % len(objects)]
    key = o.describe()
    totals[key] = totals.get(key, 0) + o.value() + o.v
print(sorted(totals.items()))
print([getattr(o, 'missing', None) for o in objects])

Wide.describe = lambda self: 'patched'
print([o.describe() for o in objects])
del Wide.describe
print([o.describe() for o in objects])


class Prop(Base):
    @property
    def v(self):
        return 100


try:
    Prop(0)
except AttributeError as e:
    print('AttributeError', e)
objects.append(object.__new__(Prop))
print([o.v for o in objects for _ in range(200)][-1])
