# Instances of built-in subclasses (namedtuples, str/int/float subclasses) as
# dict and set keys, in == and ordering, with and without their own __eq__.
import collections
P = collections.namedtuple('P', 'x y')
d = {P(1, 2): 'a', (3, 4): 'b'}
print(d[(1, 2)], d[P(3, 4)], P(1, 2) == (1, 2), hash(P(1, 2)) == hash((1, 2)))
s = {(P(1, 2), 5)}
print((P(1, 2), 5) in s, ((1, 2), 5) in s)
class Q(P):
    def __eq__(self, other): return True
    __hash__ = P.__hash__
print(Q(9, 9) == (1, 2), {Q(9, 9): 1}.get((9, 9)))
class R(P): pass
print(R(1, 2) == P(1, 2), {R(1, 2): 1}.get(P(1, 2)))
R.__eq__ = lambda self, o: False
print(R(1, 2) == P(1, 2), {R(1, 2): 1}.get(P(1, 2)), R(1,2) in [P(1,2)], R(1,2) in [R(1,2)])
class S(str): pass
print(S('a') == 'a', {S('a'): 1}['a'], 'a' in {S('a')})
class I(int): pass
print(I(3) == 3, 3 == I(3), {3: 'x'}[I(3)], I(3) in [3], [I(3)] == [3])
class F(float): pass
print(F(1.5) == 1.5, 1.5 == F(1.5), F(2.0) == 2, {2: 'y'}[F(2.0)])
print(sorted([P(2, 1), P(1, 5), (1, 3)]), P(1, 2) < (1, 3), S('a') < 'b', I(3) < 4.5, F(1.0) < I(2))
for a, b in [(P(1, 2), 3), (P(1, 'a'), P(1, 2)), (S('a'), 1)]:
    try:
        print(a < b)
    except TypeError as e:
        print(e)
class E:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return isinstance(o, E) and self.v == o.v
    def __lt__(self, o): return self.v < o.v
    __hash__ = None
print(P([E(1)], 2) == P([E(1)], 2), P([E(1)], 2) in [P([E(1)], 2)], sorted([P([E(2)], 1), P([E(1)], 1)])[0].x[0].v)
print(P(E(1), 2) == P(E(1), 2), (P(E(1), 2),) == (P(E(1), 2),))
c = I(5)
print([10, 20, 30, 40, 50, 60][c], (1, 2, 3, 4, 5, 6)[I(2)], 'abcdef'[I(1)], {5: 'five'}[c])
