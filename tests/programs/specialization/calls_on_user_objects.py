# A call site specialized for the built-in len() later sees instances of
# built-in subclasses and classes with __len__; a call with *args/**kwargs
# into Python functions many times (run as frames of the same loop).
class Pair(tuple):
    pass

class Sized:
    def __len__(self):
        return 7

def measure(x):
    return len(x)

total = 0
for i in range(200):
    total += measure([1, 2, 3])
for i in range(50):
    total += measure(Pair((1, 2)))
    total += measure(Sized())
print(total)

def combine(a, b=0, *rest, scale=1, **extra):
    return (a + b + sum(rest)) * scale + len(extra)

args = (1, 2, 3)
kwargs = {"scale": 2, "tag": "x"}
acc = 0
for i in range(1000):
    acc += combine(*args, **kwargs)
    acc += combine(*[i])
print(acc)

class Greeter:
    def greet(self, name, punctuation="!"):
        return "hi " + name + punctuation

g = Greeter()
words = [g.greet(*("a",)), g.greet(*("b", "?")), g.greet(**{"name": "c"})]
print(words)

def gen(*items):
    for item in items:
        yield item * 2
print(list(gen(*range(5))))
