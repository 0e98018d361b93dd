# == and != between instances of classes without comparison methods are
# identity; a class that gains __eq__ later, a subclass with __eq__, a
# reflected __eq__, and built-in values beside instances.


class Plain:
    pass


class Child(Plain):
    pass


class Equal:
    def __eq__(self, other):
        return True


class Reflected(Plain):
    def __eq__(self, other):
        return "reflected"


a, b = Plain(), Plain()
print(a == a, a == b, a != a, a != b, a == 5, 5 == a, a != None, [a] == [a], a == [a])
c = Child()
print(c == c, c == a, a == Equal(), Equal() == a, a != Equal())
print(a == Reflected(), Reflected() == a)
results = []
for i in range(100):
    results.append((a == b, a == a, a != b))
print(results[0], results[-1], len(set(results)))
Plain.__eq__ = lambda self, other: "patched"
print(a == b, c == a)
del Plain.__eq__
print(a == b, c == c)
Child.__ne__ = lambda self, other: "ne"
print(c != a, a != c, c == c)
try:
    a < b
except TypeError as e:
    print("TypeError:", e)
