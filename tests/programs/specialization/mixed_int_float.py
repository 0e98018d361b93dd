total = 0
for i in range(1000):
    total += i * 0.5
print(total)
