# Mixed int/float comparisons and int true division in hot loops (the
# specialized float forms promote small ints exactly), with nan, inf and
# the edges of the inline int range.
vals = [0.5, 1, -2, 2.0, float("nan"), float("inf"), 3, 2**46, 2.0**46]
out = []
for a in vals:
    for b in vals:
        out.append((a < b, a <= b, a == b, a != b, a > b, a >= b))
for i in range(50):
    for a in vals:
        x = a < 1
print(out[:12], len(out), sum(map(sum, out)))
vals = [1, 3, -7, 2**46, -(2**46) + 1, 10**6, 7, 0.5, 3.0]
for i in range(30):
    out = []
    for a in vals:
        for b in vals:
            try:
                out.append(a / b)
            except ZeroDivisionError as e:
                out.append(str(e))
print(out[:20], sum(x for x in out if isinstance(x, float)))
try:
    for i in range(40):
        x = 5 / (3 - i // 10 * 3 + 0 * i)
except ZeroDivisionError as e:
    print("ZeroDivisionError:", e)
print(1 / 3, 2**46 / 3, -1 / 7, 10 / 5, type(10 / 5).__name__)
