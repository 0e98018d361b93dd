# Sorting keys of one scalar kind, and tuples of them, without Python
# comparisons; NaNs, mixed kinds and user objects take the general path.
import random
random.seed(5)
def check(keys):
    return sorted(range(len(keys)), key=lambda i: keys[i]) , sorted(keys), sorted(keys, reverse=True)
r = random.Random(7)
cases = [
    [r.randint(-5, 5) for _ in range(50)],
    [r.choice([True, False, 0, 1, 2]) for _ in range(40)],
    [r.choice([1.5, -0.0, 0.0, 2.25, -3.0]) for _ in range(40)],
    [r.choice(['b', 'a', 'ab', '', 'é', 'Z']) for _ in range(40)],
    [(r.randint(0, 2) == 0, r.randint(0, 1) == 1, r.randint(0, 3), r.randint(0, 9)) for _ in range(60)],
    [(r.choice('abc'), r.randint(0, 3)) for _ in range(30)] + [('a',)],
    [(1.5, 'x'), (1.5, 'a'), (-0.0, 'b'), (0.0, 'a')],
]
for keys in cases:
    print(check(keys))
for bad in ([(1, 'a'), (1, 2)], [1, 'a'], [float('nan'), 1.0, 0.5], [(1, float('nan')), (1, 0.5)], [1, 2.5, True]):
    try:
        print(sorted(bad))
    except TypeError as e:
        print('TypeError:', e)
class K:
    def __init__(self, v): self.v = v
    def __lt__(self, o): return self.v > o.v
    def __repr__(self): return 'K(%d)' % self.v
print(sorted([K(1), K(3), K(2)]), sorted([(1, K(1)), (1, K(2))]))
