s = list(range(10))
print(s[2:5], s[:3], s[7:], s[-3:], s[::2], s[::-1], s[1:8:3], s[8:1:-2])
print(s[-100:100], s[5:2], s[::-3])
text = "Copperhead"
print(text[::-1], text[1:4], text[-4:], text[::3])
t = tuple(range(6))
print(t[1::2], t[:-1])
s[2:5] = ["a", "b"]
print(s)
s[::3] = [0, 0, 0]
print(s)
s[:] = [1, 2, 3]
print(s)
s[1:1] = [9, 9]
print(s)
del s[0]
print(s)
del s[::2]
print(s)
r = range(0, 20, 3)
print(r[2], r[-1], list(r[1:4]), len(r))
