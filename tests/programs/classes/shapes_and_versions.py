# Instances that grow attributes in different orders get different shapes;
# a class modified inside a hot loop invalidates specialized attribute
# loads, which must then see the new class state.
class Node:
    kind = "node"
    def __init__(self, value, first):
        if first:
            self.value = value
            self.label = "a"
        else:
            self.label = "b"
            self.value = value
    def get(self):
        return self.value

nodes = [Node(i, i % 3 == 0) for i in range(300)]
total = 0
for n in nodes:
    total += n.value + len(n.label) + n.get()
print(total)

# A method replaced on the class mid-loop.
def doubled(self):
    return self.value * 2
results = []
for i, n in enumerate(nodes):
    if i == 150:
        Node.get = doubled
    results.append(n.get())
print(sum(results[:150]), sum(results[150:]))

# A class attribute rebound while loops read it.
seen = []
for i in range(200):
    if i == 100:
        Node.kind = "changed"
    seen.append(nodes[0].kind)
print(seen.count("node"), seen.count("changed"))

# An instance attribute shadowing a method after specialization.
n = nodes[0]
values = []
for i in range(100):
    if i == 50:
        n.get = lambda: -1
    values.append(n.get())
print(values[49], values[50])

# A property added to the class takes precedence over the instance value.
vals = []
for i in range(100):
    if i == 60:
        Node.value = property(lambda self: "prop")
    vals.append(nodes[1].value)
print(vals[59], vals[60])

# Attributes deleted and re-added.
class Bag:
    pass
b = Bag()
for i in range(100):
    b.x = i
    b.y = i * 2
    if i % 10 == 0:
        del b.x
        b.x = -i
print(b.x, b.y, sorted(vars(b)))

# A property read in a hot loop, then replaced on the class.
class Temperature:
    def __init__(self, celsius):
        self.celsius = celsius
    @property
    def fahrenheit(self):
        return self.celsius * 9 / 5 + 32
t = Temperature(10)
readings = []
for i in range(120):
    if i == 80:
        Temperature.fahrenheit = property(lambda self: -1)
    readings.append(t.fahrenheit)
print(readings[0], readings[79], readings[80], len(readings))
