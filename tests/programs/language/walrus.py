data = [1, 5, 12, 3, 20]
if (n := len(data)) > 3:
    print("long list of", n)
big = [y for x in data if (y := x * 2) > 10]
print(big, y)
total = 0
while (total := total + 7) < 30:
    pass
print(total)
