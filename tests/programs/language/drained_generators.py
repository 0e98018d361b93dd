# Generators drained by list/tuple/set/sorted/min/max/join run to their end
# in one go: what each yield evaluates to, errors part-way, partly
# consumed generators, nested drains, cleanup and allocation inside.
def echo():
    got = []
    for i in range(3):
        sent = yield i
        got.append(sent)
    yield tuple(got)


print(list(echo()))


def failing():
    yield 1
    yield 2
    raise ValueError('stop at 3')


g = failing()
try:
    list(g)
except ValueError as e:
    print('ValueError:', e, list(g))

g = (x * x for x in range(6))
print(next(g), next(g), list(g), list(g))


def nested(n):
    for i in range(n):
        yield tuple(j for j in range(i))


print(list(nested(4)), sorted(set(len(t) for t in nested(5))))


def cleanup():
    try:
        yield 'a'
        yield 'b'
    finally:
        print('finally ran')


print(''.join(cleanup()), min(x for x in [3, 1, 2]), max(c for c in 'hello'))


def leaky():
    yield 1
    raise StopIteration


try:
    tuple(leaky())
except RuntimeError as e:
    print('RuntimeError:', e)


def allocating(n):
    for i in range(n):
        yield [i] * 3


rows = list(allocating(20000))
print(len(rows), rows[-1], sum(len(r) for r in rows))


def returns():
    yield 1
    return 'done'


print(frozenset(returns()), tuple(iter([])), list(x for x in ()))
