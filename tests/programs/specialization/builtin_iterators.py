# zip, reversed, dict views, str and set iteration run FOR_ITER_BUILTIN:
# the built-in iterator advances natively, without the protocol lookups.
xs = list(range(300))
ys = [x * 3 % 7 for x in xs]
counts = {}
for ch in "the quick brown fox jumps over the lazy dog" * 10:
    counts[ch] = counts.get(ch, 0) + 1
total = 0
for a, b in zip(xs, ys):
    total += a * b
for a in reversed(xs):
    total -= a
for key, value in counts.items():
    total += value * len(key)
for key in counts.keys():
    total += 1
for value in counts.values():
    total += value
for item in {1, 2, 3, 5, 8}:
    total += item
print(total, sorted(counts.items())[:5])
