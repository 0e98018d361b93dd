print([x * 2 for x in range(5)])
print([x for x in range(20) if x % 3 == 0 if x % 2 == 0])
print([(i, j) for i in range(3) for j in range(i)])
print({x % 3 for x in range(10)} == {0, 1, 2})
print(sorted({x % 4 for x in range(10)}))
print({k: v for k, v in zip("abc", range(3))})
print({n: n * n for n in range(5) if n != 2})
matrix = [[1, 2, 3], [4, 5, 6]]
print([[row[i] for row in matrix] for i in range(3)])
print([c.upper() for c in "hello" if c != "l"])
x = 10
print([x + y for y in range(3)], x)
print(sum([n for n in range(101)]))
