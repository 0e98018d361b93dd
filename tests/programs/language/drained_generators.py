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


# sum/any/all take each item as it is yielded: side effects interleave as
# in CPython, and a consumer that stops (any/all) or fails (sum) leaves the
# generator suspended at that yield.
log = []


class Loud:
    def __init__(self, v):
        self.v = v

    def __add__(self, other):
        log.append('add %s' % self.v)
        return Loud(self.v + (other.v if isinstance(other, Loud) else other))

    __radd__ = __add__

    def __bool__(self):
        log.append('bool %s' % self.v)
        return self.v > 1


def produce(n):
    for i in range(n):
        log.append('yield %d' % i)
        yield Loud(i)


print(sum(produce(3), Loud(10)).v, log)
log.clear()
g = produce(5)
print(any(g), log, next(g).v)
log.clear()
print(all(produce(3)), log)


def mixed():
    yield 1
    yield 'two'
    yield 3


g = mixed()
try:
    sum(g)
except TypeError as e:
    print('TypeError:', e, next(g))
print(sum(x / 2 for x in range(5)), sum((i for i in range(100)), 7), any(()), all(x for x in []))
