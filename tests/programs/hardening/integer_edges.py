# Issue 7, items 9 and 14: powers of -1 by huge exponents; ranges hash by value.
print((-1) ** (2 ** 63), pow(-1, 10 ** 100), (-1) ** (2 ** 63 + 1), (-2) ** 3, (-1) ** 0)
print({range(3): 1}.get(range(0, 3)), hash(range(0)) == hash(range(5, 5)))
print(hash(range(1, 2)) == hash(range(1, 3, 5)), hash(range(3)) == hash(range(0, 3, 1)))
print(range(0) == range(2, 2), sorted(map(repr, {range(0), range(4, 4), range(1, 9, 10), range(1, 2)})))

# Shifts by counts past 64 bits (the tiers fuzz target found an overflow
# in the size estimate of `x << huge`).
print(0 << 2**64, 5 >> 2**64, -5 >> 2**64)
for count in (2**40, 2**63, 2**64, 2**65, 2**67 * 15, 2**100, 10**30):
    try:
        print(1 << count)
    except (MemoryError, OverflowError) as e:
        print(type(e).__name__, e, count.bit_length())
