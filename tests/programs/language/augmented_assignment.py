x = 10
x += 5; print(x)
x -= 3; print(x)
x *= 2; print(x)
x //= 5; print(x)
x **= 3; print(x)
x %= 7; print(x)
x /= 2; print(x)
n = 0b1100
n &= 0b1010; print(n)
n |= 0b0001; print(n)
n ^= 0b1111; print(n)
n <<= 3; print(n)
n >>= 1; print(n)
items = [1, 2]
alias = items
items += [3]
print(items, alias, items is alias)
t = (1,)
t += (2,)
print(t)
s = "ab"
s *= 3
print(s)
d = {"k": 1}
d["k"] += 10
print(d)
grid = [[0] * 3 for _ in range(2)]
grid[1][2] += 7
print(grid)
