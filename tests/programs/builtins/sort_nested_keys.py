# Sorting built-in keys that are not of one scalar kind (nested tuples,
# namedtuples, NaNs, lists) with the built-in comparison, and its errors.
import collections
P = collections.namedtuple('P', 'x y')
nan = float('nan')
print(sorted([(1, (2, 'b')), (1, (2, 'a')), (0, (9, 'z'))]))
print(sorted([(-0.5, P(1, 2)), (-0.5, P(0, 5)), (-1.0, P(3, 3))], key=lambda t: (t[0], t[1])))
print(sorted([[3, 1], [2, 9], [2, 1]]), sorted([(nan, 1), (nan, 0)]), sorted([(1, nan), (0, nan)]))
for bad in ([(1, 'a'), (1, 2)], [P(1, 2), 3], [[1], ['a']], [(1, (2, 'x')), (1, (2, 3))]):
    try:
        print(sorted(bad))
    except TypeError as e:
        print('TypeError:', e)
d = {P(1, 2): 0.5, P(0, 1): 0.25, P(2, 2): 0.5}
print(sorted(d.items(), key=lambda t: (-t[1], t[0])))
