# Ints between the inline range (2**47) and 2**128 use machine words; past
# that, big ints. Every boundary must behave exactly as CPython's one int.
import json, math

edges = [2**47 - 1, 2**47, 2**63 - 1, 2**63, 2**64 - 1, 2**64, 2**127 - 1,
         2**127, 2**128, 3**80]
edges += [-e for e in edges] + [-(2**127) - 1, -(2**127)]
for e in edges:
    print(e, repr(e), hex(e), oct(e)[:12], bin(e)[:12], e.bit_length(),
          bool(e), abs(e), -e, ~e, +e, hash(e), float(e))

MASK64 = (1 << 64) - 1
x = 88172645463325252
for _ in range(5):
    x ^= (x << 13) & MASK64
    x ^= x >> 7
    x ^= (x << 17) & MASK64
    print(x, x % 1000, x // 12345678901, x & 0xFFFF, x | 1, x >> 60)

a, b = 2**100 + 12345, -(2**90) + 7
import operator
for name in ("add", "sub", "mul", "floordiv", "mod", "and_", "or_", "xor"):
    f = getattr(operator, name)
    print(name, f(a, b), f(b, a), f(a, 3), f(-7, a), f(2**64 - 1, 2**63), f(-(2**63), 2**62 + 1))
print(divmod(a, b), divmod(b, a), divmod(-a, 97), divmod(a, -97))
print(a << 20, a << 40, b >> 3, b >> 200, a >> 127, (-1) << 100, 1 << 127, 1 << 128)
print(pow(a, 3), pow(a, 5, 10**9 + 7), pow(3, 100), a ** 2 // a == a)
print(a / b, b / 7, (2**64 + 1) / 2, 2**127 / 3)
print(a == 2**100 + 12345, a < 2**101, a > 2.0**100, a == float(a), 2**64 == 2.0**64)
print(2**63 < 2**63 + 1, -(2**63) > -(2**63) - 1, max(edges), min(edges))
print(sorted([2**64, 2**63, -(2**70), 5, 2**100, 2**47]))

d = {2**64: "a", 2**100: "b", 2**47: "c"}
print(d[(2**32) ** 2], d[2**50 * 2**50], d[2**46 * 2], (2**35) ** 2 in {2**70})
print(len({2**64, 2**64 + 0, (2**32) * (2**32), 18446744073709551616}))

print(int("123456789012345678901234567890"), int(2.0**80), int(-(2.0**70)))
print(round(2**64 + 7, -3), math.gcd(2**64 - 1, 2**32 - 1), math.isqrt(2**127))
print(format(2**64, ","), format(-(2**70), "_x"), "%d %x" % (2**65, 2**65))
print(json.dumps([2**64, -(2**100), {"k": 2**63}]), json.loads("[18446744073709551616]"))
print(sum([2**62, 2**62, 2**62, 2**62]), sum(range(2**62, 2**62 + 4)))
print(str(2**127 - 1), f"{2**90:>40}", (2**64).__index__(), int.__add__(2**64, 1))
