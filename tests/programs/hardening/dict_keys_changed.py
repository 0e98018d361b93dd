# Issue 7, item 15: a dict whose keys change while its size stays the same.
# Dicts keep CPython's compact layout (tombstones, its table sizes and
# growth rule), so iteration goes on or raises exactly where CPython's does.
d = {1: 1, 2: 2, 3: 3}
for k in d:
    del d[k]
    d[k + 10] = 1
    print("visited", k)
print(d)

d = {1: 1, 2: 2}
try:
    for k in d:
        d.pop(1, None)
        d[5] = 0
        print("visited", k)
except RuntimeError as e:
    print("RuntimeError:", e)

d = {i: i for i in range(10)}
try:
    for k in d:
        del d[k]
        d[k + 100] = k
except RuntimeError as e:
    print("RuntimeError:", e)
print(d)

# Deleting leaves positions stable, popitem trims from the end, copies and
# merges keep order.
d = {}
for i in range(20):
    d[i] = i
for i in range(0, 20, 2):
    del d[i]
print(list(d), len(d))
d[100] = 1
print(d.popitem(), d.popitem(), len(d))
e = d.copy()
print(e == d, list(e))
e.update({1: "one", 200: 2})
print(e)
print({**d, 7: "seven"} == (d | {7: "seven"}))
print(dict.fromkeys({3, 1, 2}), dict.fromkeys("cab", 0))

# Deleting every key of a large dict is linear, not quadratic.
big = {i: i for i in range(200000)}
for i in range(200000):
    del big[i]
print(len(big), big)
big[1] = 1
print(big)
