# `for i, x in enumerate(...)` over lists and tuples (tier 1 runs it
# without the iterator protocol), and the cases it must leave alone.


def total(items, start=0):
    s = 0
    for i, x in enumerate(items, start):
        s += i * x
    return s


for _ in range(3):
    print(total([1, 2, 3, 4]), total((5, 6, 7)), total([], 5), total([2, 2], -3))
    # A start past the inline int range, then one that crosses it.
    print(total([1, 1], 2**47 - 2), total([1, 1, 1], 2**60))
    print(total(range(4)), total("abc" and [9, 8]))

# The list grows and shrinks while it is walked.
items = [1, 2, 3]
seen = []
for i, x in enumerate(items):
    seen.append((i, x))
    if i == 0:
        items.append(4)
    if i == 2:
        items.pop(0)
print(seen, items)

pairs = []
for pair in enumerate(["a", "b"]):
    pairs.append(pair)
print(pairs, type(pairs[0]).__name__)

it = enumerate([10, 20, 30])
for i, x in it:
    if i == 1:
        break
print(next(it), list(it))

for outer, row in enumerate([[1, 2], [3]]):
    for inner, value in enumerate(row, 1):
        print(outer, inner, value)
