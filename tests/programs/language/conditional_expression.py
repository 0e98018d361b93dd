for n in range(-2, 3):
    sign = "neg" if n < 0 else "zero" if n == 0 else "pos"
    print(n, sign)
print([("even" if i % 2 == 0 else "odd") for i in range(4)])
a = None
b = a or "default"
c = 0 and "never"
d = 5 and 6
print(b, c, d, [] or {} or "last")
