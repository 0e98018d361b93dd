print({3, 1, 2}, {100, 5, 33, 8, 64, 1}, set([10, 20, 30, 40, 50, 60, 70]), {-1, -2, 0})
a = {1, 2, 3, 40, 50}
b = {3, 4, 50, 60}
print(a | b, a & b, a - b, b - a, a ^ b, b ^ a)
print(a.union([9, 8]), a.intersection([50, 1, 7]), a.difference([1]), a.symmetric_difference([1, 99]))
c = set(range(20))
for i in range(0, 20, 3):
    c.discard(i)
print(c, c.pop(), c.pop(), c)
c |= {100, 200}; print(c)
c &= set(range(10)); print(c)
c -= {1, 2}; print(c)
c ^= {4, 5, 1000}; print(c)
print(set("ab") == {"a", "b"}, frozenset([5, 3, 1]), set(frozenset([9, 1])), {(1, 2), (0, 1)} if False else "")
print({x * 7 % 11 for x in range(11)}, {1.5, 2, 3.0})
s = set()
for i in [31, 63, 15, 7, 95]:
    s.add(i)
print(s, len(s), sorted(s))
print(set(range(100)) - set(range(3, 100)), {True, 1, 1.0, 0, False})
