# The loop variable changes from int to float to big int partway through.
total = 0
x = 1
for i in range(300):
    if i == 100:
        x = 1.5
    if i == 200:
        x = 2 ** 70
    total = total + x
    x = x + 1
print(total, type(total).__name__, x)
