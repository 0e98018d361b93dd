# defaultdict and Counter-style dict subclasses: reads run the
# dict-subclass form; a missing key still reaches __missing__, and an
# overriding __getitem__ is still called.
from collections import defaultdict

counts = defaultdict(int)
pairs = defaultdict(list)
for i in range(3000):
    counts[i % 11] += 1
    counts[(i % 5, 'x')] = counts[(i % 5, 'x')] + 2
    pairs[i % 4].append(i)
print(sorted(counts.items(), key=repr)[:4], len(counts))
print([len(pairs[k]) for k in range(5)])


class Doubling(dict):
    def __missing__(self, key):
        return 2 * key


d = Doubling({1: 'one'})
print([d[i % 3] for i in range(2000)][:6])


class Shouting(dict):
    def __getitem__(self, key):
        return str(dict.__getitem__(self, key)).upper()


s = Shouting(a='x')
print(sum(len(s['a']) for _ in range(2000)))
