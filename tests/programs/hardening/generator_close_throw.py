# Issue 7, item 11: close() runs finally/except GeneratorExit, throw(), PEP 479,
# StopIteration.value, unreachable and exit-time generators are finalized.
def g():
    try:
        yield 1
        yield 2
    finally:
        print('finally ran')
x = g()
print(next(x))
x.close()
print('closed')

def h():
    try:
        yield 1
    except GeneratorExit:
        print('got GeneratorExit')
        raise
y = h(); next(y); y.close()

def bad():
    try:
        yield 1
    finally:
        yield 2
z = bad(); next(z)
try:
    z.close()
except RuntimeError as e:
    print('RuntimeError:', e)

def stopper():
    yield 1
    raise StopIteration('boom')
try:
    list(stopper())
except RuntimeError as e:
    print('PEP 479:', e, repr(e.__cause__))

def thrower():
    while True:
        try:
            yield 'ready'
        except ValueError as e:
            print('caught', e)
t = thrower()
print(next(t))
print(t.throw(ValueError('v1')))
print(t.throw(ValueError, 'v2'))
try:
    t.throw(KeyError('k'))
except KeyError as e:
    print('propagated', e)
try:
    next(t)
except StopIteration:
    print('finished after throw')

def returner():
    yield 1
    return 'result'
r = returner(); next(r)
try:
    next(r)
except StopIteration as e:
    print('value', e.value, e.args)
def sender():
    got = yield 'first'
    return got * 2
s = sender(); next(s)
try:
    s.send(21)
except StopIteration as e:
    print('send result', e.value)

def collected():
    try:
        yield 1
    finally:
        print('collected generator closed')
def make():
    c = collected()
    next(c)
make()
junk = [list(range(10)) for _ in range(50000)]
del junk
print('after garbage')
def at_exit():
    try:
        yield 1
    finally:
        print('closed at exit')
e = at_exit(); next(e)
print(SystemExit(3).code, OSError(2, 'x').errno, OSError(2, 'x').strerror, StopIteration().value)
print('end')
