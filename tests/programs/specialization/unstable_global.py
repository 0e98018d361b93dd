# A global is rebound inside the loop; midway a global shadows a builtin.
scale = 1
results = []
for i in range(200):
    if i % 50 == 0:
        scale = scale * 2
    if i == 120:
        len = lambda seq: -1
    results.append(len(results) * scale)
print(results[:3], results[118:123], results[-1], scale)
del len
print(len("back to the builtin"))
