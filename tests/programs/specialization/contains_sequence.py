# `in` on lists, tuples and strs (the specialized form for built-in scalars
# and its fallbacks: user __eq__, containers, type errors).
nan = float('nan')
cases = [(1, [1.0, 2]), (True, [0, 1]), (3, (1, 2)), ('b', 'abc'), ('', 'x'), ('x', ['x', 'y']),
         (2**70, [2**70]), (nan, [nan]), (float('nan'), [1.0]), (None, [0, None]), (1.5, (1, 1.5)),
         (2, [(1, 2), 2]), ((1, 2), [(1, 2)])]
for k in range(60):
    out = []
    for item, container in cases:
        out.append(item in container)
        out.append(item not in container)
    if k in (0, 59):
        print(out)
class E:
    def __eq__(self, other):
        print('eq called', other)
        return True
for k in range(60):
    r = 5 in [1, E()]
print(r)
try:
    for k in range(60):
        1 in 'abc'
except TypeError as e:
    print(e)
