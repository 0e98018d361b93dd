# Slices read and assigned on lists and tuples: steps 1 and -1 (the copy
# paths), other steps, empty and clamped bounds, assignments of other
# lengths, from tuples, from the list itself, and the errors.
a = list(range(10))
t = tuple(a)
print(a[2:5], a[5:2], a[::-1], a[7::-1], a[7:2:-1], a[-3:], a[:-3], a[::3], a[8:1:-3])
print(t[2:5], t[::-1], t[3::-1], t[-100:100], t[100:], t[:0], t[4:4:-1])
print(a[True:3], a[0:-1:1], a[-1:-11:-1], a[-1:-12:-1])
for k in range(10):
    p = list(range(10))
    p[:k + 1] = p[k::-1]
    print(k, p)
b = list(range(6))
b[1:3] = (7, 8, 9)
print(b)
b[2:] = []
print(b)
b[:] = b
print(b)
b[1:1] = b
print(b)
b[::2] = 'xyz'[:len(b[::2])]
print(b)
c = [0] * 5
c[1:4] = (x * 2 for x in range(3))
print(c)
try:
    c[::2] = [1, 2]
except ValueError as e:
    print('ValueError', e)
try:
    c[1.5:] = [1]
except TypeError as e:
    print('TypeError', e)
try:
    c[1:2] = 5
except TypeError as e:
    print('TypeError', e)
print(c)
