# Attributes read from a class itself (tier 1 caches them per class
# version): rebinding, subclasses, descriptors and metaclasses must still
# give what CPython gives.
import enum


class Config:
    LIMIT = 5
    NAMES = ("a", "b")

    def method(self):
        return "method"

    @staticmethod
    def helper():
        return "static"

    @classmethod
    def build(cls):
        return cls.__name__

    @property
    def value(self):
        return 1


class Child(Config):
    pass


class Color(enum.Enum):
    RED = 1
    GREEN = 2


def read(cls):
    return (cls.LIMIT, cls.NAMES, cls.method(None), cls.helper(), cls.build(),
            type(cls.value).__name__, cls.__name__)


for round_ in range(3):
    for cls in (Config, Child, Config, Child):
        print(round_, read(cls))
    print(Color.RED, Color.GREEN.value, Color.RED is Color["RED"])
    Config.LIMIT += 1  # every class reading it sees the change
    if round_ == 1:
        Child.LIMIT = 100  # shadows the base's in the subclass only


class Meta(type):
    pass


class WithMeta(metaclass=Meta):
    shared = "class"


def shared(cls):
    return cls.shared


for i in range(60):
    last = shared(WithMeta)
print(last)
# A metaclass attribute added later does not win over the class's own
# non-descriptor attribute, but a data descriptor on the metaclass does.
Meta.shared = "meta"
print(shared(WithMeta))
Meta.shared = property(lambda cls: "meta property")
print(shared(WithMeta))
del Meta.shared
print(shared(WithMeta))


class Hooked(type):
    def __getattr__(cls, name):
        return f"hooked {name}"


class UsesHook(metaclass=Hooked):
    real = 1


for i in range(60):
    values = UsesHook.real, UsesHook.missing
print(values)
