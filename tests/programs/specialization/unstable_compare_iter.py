# Comparisons and iteration over changing types.
items = [3, 1.5, "a", 2]
count = 0
for round_ in range(60):
    for a in [1, 2.5, 3]:
        if a < 2:
            count += 1
    for ch in (("x", "y") if round_ % 2 else ["x", "y"]):
        if ch > "w":
            count += 1
    for k in range(3) if round_ < 30 else [0, 1, 2]:
        count += k
s = {1, 2, 3}
d = {1: 1}
hits = sum(1 for n in range(100) if n in (s if n % 2 else d))
a, b = (1, 2)
for pair in [(1, 2), [3, 4], (5, 6)] * 30:
    a, b = pair
print(count, hits, a, b, bool([]), bool(""), bool(None), bool(0), bool(7))
