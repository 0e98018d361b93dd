# 64-bit hashing: products past 2**47 run BINARY_OP_WIDE_INT, and the
# masks and shifts of small ints BINARY_OP_BITWISE_INT.
MASK64 = (1 << 64) - 1


def splitmix(x):
    x = (x + 0x9E3779B97F4A7C15) & MASK64
    x = ((x ^ (x >> 30)) * 0xBF58476D1CE4E5B9) & MASK64
    x = ((x ^ (x >> 27)) * 0x94D049BB133111EB) & MASK64
    return x ^ (x >> 31)


def small_mix(n):
    total = 0
    for i in range(n):
        total += ((i << 3) | (i >> 2)) & 0xFFFF
    return total


state = 1
for _ in range(2000):
    state = splitmix(state)
print(state, small_mix(3000))
