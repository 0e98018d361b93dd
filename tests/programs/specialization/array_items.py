# Item reads and stores on array.array in a hot loop run the native
# __getitem__/__setitem__ directly; errors and subclasses still behave.
from array import array

a = array('d', [0.0]) * 100
b = array('i', range(100))
for i in range(3000):
    j = i % 100
    a[j] = a[j] + b[j] * 0.5
    b[j] = b[j] + 1
print(sum(a), sum(b), a[-1], b[-100])

for bad in (100, -101):
    try:
        a[bad]
    except IndexError as e:
        print('IndexError:', e)
try:
    b[0] = 1.5
except TypeError as e:
    print('TypeError:', e)


class Logged(array):
    def __getitem__(self, i):
        return ('logged', array.__getitem__(self, i))


items = [a, Logged('i', [7, 8, 9])]
for k in range(200):
    got = items[k % 2][1]
print(got, a[1:3], b[2:4])
