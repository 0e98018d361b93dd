# Float forms take a small int on either side; a site that unpacks both
# tuples and lists keeps its fast path; errors stay CPython's.


def mix(a, b):
    return a + b, a - b, a * b, a / b


for _ in range(3):
    for a, b in [(1, 2.5), (2.5, 1), (-3, 0.5), (0.5, -3), (0, -0.5), (-0.0, 2), (7.0, 2.0)]:
        print(mix(a, b))
    # Past the small-int range the int is a bignum: the generic path runs.
    print(mix(2**60 + 1, 1.5), mix(1.5, 2**60 + 1))
    print(mix(3, 4))  # two ints: int results, true division a float

for divisor in (2.0, 0, 0.0):
    try:
        print(1.0 / divisor)
    except ZeroDivisionError as error:
        print("ZeroDivisionError:", error)
try:
    print(5 / 0.0)
except ZeroDivisionError as error:
    print("ZeroDivisionError:", error)

total = 0
for i in range(100):
    total += i * 0.5
print(total)


def unpack(sequence):
    a, b, c = sequence
    return c, b, a


for _ in range(200):
    last = unpack((1, 2, 3)), unpack([4, 5, 6]), unpack("xyz"), unpack(range(3))
print(last)
for bad in [(1, 2), [1, 2, 3, 4], "ab"]:
    try:
        unpack(bad)
    except ValueError as error:
        print("ValueError:", error)
