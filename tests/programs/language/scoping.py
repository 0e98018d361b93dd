x = "global"
def f():
    print(x)
f()
def g():
    x = "local"
    def h():
        return x
    return h()
print(g(), x)
def counter_factory():
    counts = {}
    def hit(key):
        counts[key] = counts.get(key, 0) + 1
        return counts[key]
    return hit
hit = counter_factory()
hit("a"); hit("b")
print(hit("a"))
def shadow_builtin():
    len = 3
    return len
print(shadow_builtin(), len("abc"))
def uses_later_global():
    return later
later = "defined after"
print(uses_later_global())
