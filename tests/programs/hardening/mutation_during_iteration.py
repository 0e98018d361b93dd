# Issue 7, item 15: changing a set or dict while iterating it is detected.
s = {1, 2}
it = iter(s)
next(it)
s.add(5)
for attempt in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print(e)
d = {1: 1}
it = iter(d)
d[2] = 2
try:
    next(it)
except RuntimeError as e:
    print(e)
s = {1}
for x in s:
    s.add(x + 1)
