from array import array
a = array('d', [1, 2.5, 3])
print(a, a[0], a[1:], len(a), a.typecode, a.itemsize, a.tolist())
a.append(4); a[0] = 7; a.extend([8]); print(a, sum(a), a * 2, a + array('d', [0]))
b = array('i', range(5)); b.reverse(); print(b, b.index(3), b.count(1), 3 in b, b.pop(), b)
f = array('f', [0.1, 1.5]); print(f, f[0])
print(array('b'), repr(array('u', 'hi')), array('d', [0.0]) * 3)
for bad in [lambda: array('b', [200]), lambda: array('B', [-1]), lambda: array('i', [1.5]), lambda: array('z'), lambda: array('d', ['x'])]:
    try:
        bad()
    except (OverflowError, TypeError, ValueError) as e:
        print(type(e).__name__, e)
x = array('d', [1.0, 2.0]); y = x; y[0] = 9; print(x == array('d', [9, 2]), x[-1])
