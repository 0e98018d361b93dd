# Truthiness of instances: default truth, __len__, __bool__ (own, inherited,
# added to and removed from a class after use), built-in subclasses.
class A: pass
class B:
    def __len__(self): return 0
class C(A):
    def __bool__(self): return False
class D(list): pass
items = [A(), B(), C(), D(), D([1])]
print([bool(x) for x in items], [1 if x else 0 for x in items])
A.__bool__ = lambda self: False
print([bool(x) for x in items])
del A.__bool__
print([bool(x) for x in items])
