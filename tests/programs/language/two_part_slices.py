# Two-part slices (BINARY_SLICE/STORE_SLICE) on built-in and user containers:
# __getitem__/__setitem__ get a slice object, __index__ bounds, identity of
# whole tuple and str slices, augmented and deleted slices, errors.
class S:
    def __getitem__(self, k):
        return ('get', k.start, k.stop, k.step)
    def __setitem__(self, k, v):
        print('set', k, v)
s = S()
print(s[1:2], s[:], s[::2], s['a':None])
s[3:] = 9
a = [1, 2, 3, 4]
a[1:3] = 'xy'
print(a, a[-2:], a[:-1], a[5:], 'héllo'[1:3], 'hello'[-3:], (1, 2, 3)[1:])
t = (1, 2)
print(t[:] is t, t[0:2] is t)
x = 'abc'
print(x[:] is x)
big = 2 ** 70
print([1, 2][-big:big])
class I:
    def __index__(self):
        return 1
print([1, 2, 3][I():], 'abc'[:I()])
try:
    [1][1.0:]
except TypeError as e:
    print(e)
try:
    5[1:2]
except TypeError as e:
    print(e)
d = {}
try:
    d[1:2] = 3
except TypeError as e:
    print(e)
r = range(10)
print(r[2:5], list(r[2:5]))
a[1:2] += [7, 8]
print(a)
del a[0:2]
print(a)
