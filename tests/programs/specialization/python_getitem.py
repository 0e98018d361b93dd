# Item reads on instances whose class defines __getitem__ in Python enter
# it as a frame; errors, class changes and subclasses behave.
class Grid:
    def __init__(self, n):
        self.cells = list(range(n))

    def __getitem__(self, i):
        return self.cells[i] * 2


class Deep(Grid):
    def __getitem__(self, key):
        if key == 0:
            return 0
        return super().__getitem__(key) + self[key - 1]


g = Grid(10)
total = 0
for k in range(500):
    total += g[k % 10]
print(total)

d = Deep(30)
print(sum(d[i] for i in range(30)))

for k in range(100):
    try:
        g[k % 12]
    except IndexError as e:
        last = e
print('IndexError:', last)


def failing():
    return g[50]


try:
    for k in range(60):
        g[k % 10]
    failing()
except IndexError as e:
    print('from failing:', e)

Grid.__getitem__ = lambda self, i: -i
print([g[i] for i in range(5)])


class WithDefault:
    def __getitem__(self, i, scale=3):
        return i * scale


w = WithDefault()
print(sum(w[i] for i in range(100)))


