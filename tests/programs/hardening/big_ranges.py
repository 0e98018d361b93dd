# Issue 7, item 14: ranges beyond 64 bits.
r = range(10**20)
print(r, r[5], r[-1], 10**19 in r, -1 in r, bool(r), bool(range(10**20, 10**20)))
print(range(0, 10**20, 7)[3], range(2**64, 2**65, 2**60), list(range(2**64, 2**64 + 3)))
print(range(10**20) == range(0, 10**20), range(10**20, 0) == range(0), hash(range(10**20)) == hash(range(0, 10**20, 1)))
print(r.start, r.stop, r.step, r.index(12345), r.count(10**20), r.count(7))
for x in range(2**63 - 2, 2**63 + 2):
    print(x)
print(len(range(2**62)), list(reversed(range(3))))
try:
    len(r)
except OverflowError as e:
    print('OverflowError', e)
try:
    r[10**20]
except IndexError as e:
    print('IndexError', e)
try:
    r.index(-5)
except ValueError as e:
    print('ValueError', e)
print(range(-2**63, 2**63 - 1)[0], range(-10**30, 10**30, 10**29)[-1])

# Materializing a range past 64 bits overflows its length hint at once
# (found by the `run` fuzz target: it used to build items until memory ran
# out).
for make in (list, tuple, sorted):
    try:
        make(range(41**12))
    except OverflowError as e:
        print(make.__name__, "OverflowError:", e)
