# Issue 7, item 13: containers test identity before equality.
n = float('nan')
print(n in [n], [n] == [n], (n,) == (n,), [n].index(n), [n].count(n))
print({n: 1}[n], n in {n}, n in {n: 1})
print({} | {n: 1})
d = {}
d.update({n: 2})
print(d, dict({n: 3}), {**{n: 4}})
print(n == n, n != n, [n] != [n])
x = [1, n, 2]
x.remove(n)
print(x)
