total = 0
for i, x in enumerate([3] * 1000):
    total += i * x
print(total)
