# getattr with a default and hasattr: plain misses, misses raised inside a
# property, __getattr__ and __getattribute__ hooks, built-in values.
class P:
    @property
    def bad(self):
        raise AttributeError("inner")
    @property
    def worse(self):
        raise KeyError("k")
class G:
    def __getattr__(self, name):
        if name == "dyn":
            return 42
        raise AttributeError(name)
class H:
    def __getattribute__(self, name):
        if name == "x":
            return 1
        raise AttributeError(name)
p, g, h = P(), G(), H()
print(getattr(p, "bad", "default"), hasattr(p, "bad"), getattr(p, "nothing", None))
try:
    getattr(p, "worse", None)
except KeyError as e:
    print("KeyError", e)
print(getattr(g, "dyn", 0), getattr(g, "other", 0), hasattr(g, "dyn"), hasattr(g, "zzz"))
print(getattr(h, "x", 0), getattr(h, "y", 0), hasattr(h, "y"))
try:
    getattr(p, "nothing")
except AttributeError as e:
    print(e)
print(getattr(1, "real", None), getattr(1, "nope", "d"), hasattr([], "append"), hasattr([], "x"))
