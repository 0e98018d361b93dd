from collections import deque, defaultdict, namedtuple, Counter, OrderedDict, ChainMap
import collections.abc as cabc
d = deque([1, 2, 3], maxlen=5)
d.appendleft(0); d.append(4); d.append(5)
print(d, len(d), d[0], d[-1])
d.rotate(2); print(d); d.rotate(-3); print(d)
print(d.popleft(), d.pop(), d)
dd = defaultdict(list)
dd['a'].append(1); dd['b'].append(2)
print(dd, dict(dd))
P = namedtuple('Point', 'x y', defaults=[0])
p = P(1)
print(p, p.x, p.y, p._replace(y=5), p._asdict(), P._fields, P._make([3, 4]))
try:
    P()
except TypeError as e:
    print(e)
c = Counter("abracadabra")
print(c, c.most_common(2), c['z'])
print(c + Counter("aab"), c - Counter("aaaaaaa"))
o = OrderedDict(a=1, b=2, c=3)
o.move_to_end('a'); print(o); o.move_to_end('c', last=False); print(o, o.popitem(last=False))
cm = ChainMap({'a': 1}, {'a': 2, 'b': 3})
print(cm['a'], cm['b'], len(cm), list(cm), cm)
print(isinstance([], cabc.Sequence), isinstance({}, cabc.Mapping), isinstance(iter([]), cabc.Iterator), isinstance(3, cabc.Iterable))
class MyMap(cabc.Mapping):
    def __init__(self): self.d = {'x': 1}
    def __getitem__(self, k): return self.d[k]
    def __len__(self): return 1
    def __iter__(self): return iter(self.d)
m = MyMap(); print(m.get('x'), 'x' in m, list(m.items()), isinstance(m, cabc.Mapping))
try:
    cabc.Mapping()
except TypeError as e:
    print(e)
