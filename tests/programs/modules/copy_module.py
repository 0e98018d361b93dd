import copy
class A:
    def __init__(self): self.x = [1, 2]; self.me = self
a = A()
b = copy.copy(a); c = copy.deepcopy(a)
print(b.x is a.x, c.x is a.x, c.x == a.x, c.me is c, b.me is a)
l = [1, [2, 3]]; l.append(l)
m = copy.deepcopy(l); print(m[2] is m, m[1] is l[1], m[1] == l[1])
class B:
    def __copy__(self): return "copied"
    def __deepcopy__(self, memo): return "deep"
print(copy.copy(B()), copy.deepcopy([B()]))
from collections import namedtuple, OrderedDict, defaultdict
P = namedtuple('P', 'a b')
print(copy.deepcopy(P([1], 2)), copy.copy(OrderedDict(a=1)), copy.deepcopy(defaultdict(list, {'a': [1]})))
d = {'k': (1, [2])}; e = copy.deepcopy(d); print(e, e['k'][1] is d['k'][1])
