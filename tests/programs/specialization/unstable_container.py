# A list is swapped for a tuple (and then a dict) partway through.
data = [10, 20, 30]
acc = 0
for i in range(300):
    if i == 150:
        data = (1, 2, 3)
    if i == 250:
        data = {0: 7, 1: 8, 2: 9}
    acc += data[i % 3]
print(acc, type(data).__name__)
