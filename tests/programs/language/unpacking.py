a, b = 1, 2
a, b = b, a
print(a, b)
(c, d), e = (3, 4), 5
print(c, d, e)
first, *rest = [1, 2, 3, 4]
print(first, rest)
*init, last = "hello"
print(init, last)
x, *middle, y = range(5)
print(x, middle, y)
p, *q = [1]
print(p, q)
[m, n] = (7, 8)
print(m, n)
for i, (j, *k) in enumerate([(1, 2, 3), (4,)]):
    print(i, j, k)
print([*range(3), *"ab"], (*[1, 2],), {*[1, 1, 2]})
print({**{"a": 1}, "b": 2, **{"a": 3}})
h, = [9]
print(h)
