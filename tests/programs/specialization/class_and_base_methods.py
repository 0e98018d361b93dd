# Hot classmethod calls on a class (and a subclass), and built-in methods
# called on instances of built-in subclasses (class Stack(list)), which
# run on the value the instance carries.
class Strength:
    def __init__(self, value):
        self.value = value

    @classmethod
    def stronger(cls, a, b):
        return (cls.__name__, a.value < b.value)


class Derived(Strength):
    pass


class Stack(list):
    def top(self):
        return self[-1]


class Words(str):
    pass


weak, strong = Strength(5), Strength(1)
results = []
for i in range(300):
    results.append(Strength.stronger(strong, weak))
    results.append(Derived.stronger(weak, strong))
print(results[:2], results[-2:], len(results))

stack = Stack()
for i in range(300):
    stack.append(i)
    if i % 3 == 0:
        stack.pop(0)
print(len(stack), stack.top(), stack.index(150), type(stack).__name__, stack[:3])

w = Words('a,b,c')
parts = []
for i in range(200):
    parts = w.split(',')
    joined = w.upper()
print(parts, joined, type(joined).__name__)


# A method shadowed later by an instance attribute and by a subclass.
class Shadow(list):
    pass


s = Shadow([3, 1, 2])
for i in range(100):
    n = s.count(1)
s.count = lambda x: 'own'
print(n, s.count(1))
Strength.stronger = classmethod(lambda cls, a, b: 'patched')
print(Strength.stronger(weak, strong), Derived.stronger(weak, strong))
