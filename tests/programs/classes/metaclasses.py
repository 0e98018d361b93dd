class Registry(type):
    classes = []
    def __new__(mcs, name, bases, namespace, **kwargs):
        cls = super().__new__(mcs, name, bases, namespace)
        mcs.classes.append(name)
        cls.tag = name.lower()
        return cls
    def __init__(cls, name, bases, namespace, **kwargs):
        super().__init__(name, bases, namespace)
        cls.initialized = True
    def describe(cls):
        return f"class {cls.__name__} tagged {cls.tag}"

class Plugin(metaclass=Registry):
    pass
class Audio(Plugin):
    pass
print(Registry.classes, Audio.tag, Audio.initialized, Audio.describe(), type(Audio).__name__)
print(isinstance(Audio, Registry), isinstance(Audio(), Plugin), type(Plugin) is Registry)

class Singleton(type):
    instances = {}
    def __call__(cls, *args, **kwargs):
        if cls not in Singleton.instances:
            Singleton.instances[cls] = super().__call__(*args, **kwargs)
        return Singleton.instances[cls]
class Config(metaclass=Singleton):
    def __init__(self, value):
        self.value = value
a = Config(1)
b = Config(2)
print(a is b, a.value, b.value)

class Counted(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.count = 0
class Thing(metaclass=Counted):
    def __init__(self):
        type(self).count += 1
Thing(); Thing()
print(Thing.count)

Dynamic = Registry("Dynamic", (), {"x": 1})
print(Dynamic.tag, Dynamic.x, Registry.classes[-1])

class A(type): pass
class B(type): pass
class X(metaclass=A): pass
try:
    class Y(X, metaclass=B): pass
except TypeError as e:
    print("TypeError:", e)
