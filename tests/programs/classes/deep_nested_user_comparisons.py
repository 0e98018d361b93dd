# Comparing deeply nested lists (and namedtuples) that hold user objects
# runs their __eq__/__lt__, however deep the nesting.
class E:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, E) and self.v == o.v
    def __lt__(self, o): return self.v < o.v
    __hash__ = None
def nest(x, n):
    for _ in range(n):
        x = [x]
    return x
a, b = nest(E(1), 12), nest(E(1), 12)
print(a == b, nest(E(1), 12) < nest(E(2), 12))
import collections
P = collections.namedtuple('P', 'x')
print(P(P(P(P(P([E(1)]))))) == P(P(P(P(P([E(1)]))))))
