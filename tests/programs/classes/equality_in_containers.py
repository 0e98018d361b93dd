class P:
    def __init__(self, v):
        self.v = v
    def __eq__(self, other):
        return isinstance(other, P) and self.v == other.v
    def __lt__(self, other):
        return self.v < other.v
    def __repr__(self):
        return f"P({self.v})"
a, b = P(1), P(1)
print(a in [b], [a] == [b], (1, a) == (1, b), [[a]] == [[b]], {1: a} == {1: b}, [a] != [b])
print([P(3), P(1)].index(P(1)), [P(1), P(2), P(1)].count(P(1)))
items = [P(2), P(1)]
items.remove(P(1))
print(items, (0, P(1)) < (0, P(2)), sorted([(2, P(1)), (1, P(5)), (2, P(0))]))
print(P(2) in (P(1), P(2)), P(9) not in [P(1)], [1, 2] == [1, 2], [1.0] == [1])
import_ok = max([(1, P(3)), (1, P(4))])
print(import_ok)
