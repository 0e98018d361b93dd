# array item access: the native int-index path and the Python path behind it
# (slices, conversions, errors) agree with CPython, subclasses included.
from array import array
a = array('d', [1, 2.5, 3])
print(a[0], a[-1], a[1:], a[::2])
a[0] = 7; a[1] = 2; a[-1] = True
print(a)
for bad in [10, -10]:
    try: a[bad]
    except IndexError as e: print('IndexError', e)
    try: a[bad] = 1.0
    except IndexError as e: print('IndexError', e)
try: a[0] = 'x'
except TypeError as e: print('TypeError', e)
b = array('b', [1, -2])
b[0] = 127
try: b[1] = 128
except OverflowError as e: print('OverflowError', e)
try: b[1] = 1.5
except TypeError as e: print('TypeError', e)
print(b, b[True], b[10**0])
i = array('I', [5])
try: i[0] = -1
except OverflowError as e: print('OverflowError', e)
a[1:3] = array('d', [9, 8])
print(a, a.__getitem__(0), len(a))
class Sub(array):
    pass
s = Sub('i', [1, 2, 3])
s[1] = 20
print(s[1], s[0:2], type(s[0:2]).__name__)
m = [array('d', [0.0]) * 3 for _ in range(2)]
m[1][2] = 4.5
print(m)
try: a[1.0]
except TypeError as e: print('TypeError', e)
try: a[1.0] = 2.0
except TypeError as e: print('TypeError', e)
