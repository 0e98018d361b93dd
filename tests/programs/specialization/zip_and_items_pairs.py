# Loops that unpack the pairs of zip, dict.items() and enumerate of a
# generator: the loop pushes both items itself, no tuple is made.
d = {i: i * i for i in range(300)}
total = 0
for k, v in d.items():
    total += k + v
for a, b in zip(range(300), range(300, 600)):
    total += a * b


def values():
    for i in range(300):
        yield i


for i, v in enumerate(values()):
    total += i - v
print(total)
