# Set comparisons and operations between sets and frozensets (done in place,
# without copies), and min/max over sets.
a = frozenset([1, 2, 3]); b = {1, 2, 3, 4}; c = set()
print(a <= b, a < b, b > a, b >= a, a < a, a <= a, c < a, a > c, b <= a, a == {1, 2, 3}, a != b)
print(sorted(a - b), sorted(b - a), sorted(a & b), sorted(a | b), sorted(a ^ b), type(a - b).__name__, type(b - a).__name__)
print(min(b), max(b), min({5.5, 2.5}), max({'x', 'abc'}), min([3, 1, 2]), max(3, 9, 4), min({}, default=7))
print(b <= b, b < b, b & b == b, b - b)
