# Tuples holding namedtuples or user objects as dict keys and set members:
# hashed and compared through the objects' own __hash__/__eq__ or their
# built-in value (pyperformance's mdp never converged when equal nested
# namedtuple states hashed differently).
import collections
P = collections.namedtuple('P', ['a', 'b'])
x = (0, (P(1, 2), P(3, (4, 5)), 0))
y = (0, (P(1, 2), P(3, (4, 5)), 0))
print(x == y, hash(x) == hash(y), hash(P(1, 2)) == hash((1, 2)), P(1, 2) == (1, 2))
s = {x}
print(y in s, {x: 1}.get(y))
from fractions import Fraction
print(hash(Fraction(1, 3)) == hash(Fraction(2, 6)), Fraction(1, 3) == Fraction(2, 6))
print({Fraction(1, 2): 1}.get(0.5), hash(Fraction(1, 2)) == hash(0.5))
print(P(1, 2) in {P(1, 2)}, P(1,2) in {(1, 2)}, (P(1, 2),) in {(P(1, 2),)}, {(P(1,2),): 5}.get((P(1,2),)))
print((P(1, 2),) == (P(1, 2),), hash((P(1, 2),)) == hash((P(1, 2),)))
class K:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, K) and o.v == self.v
    def __hash__(self): return hash(self.v)
d = {(K(1), 2): 'a'}
print(d.get((K(1), 2)), (K(1), 2) in d, (K(1), 2) in {(K(1), 2)})
class Plain: pass
p = Plain()
print({(p, 1): 3}[(p, 1)], (Plain(), 1) in {(p, 1)})
