# Generators dropped while suspended: those inside try/finally or with are
# closed (their cleanup runs), the others are freed without a close. The
# order of cleanups within one collection is not CPython's (no refcounting),
# so the log is compared sorted.
import gc
def plain(xs):
    for x in xs:
        yield x
def guarded(xs, log):
    try:
        for x in xs:
            yield x
    finally:
        log.append('closed')
def with_block(xs, log):
    class C:
        def __enter__(self): return self
        def __exit__(self, *a):
            log.append(('exit', a[0].__name__ if a[0] else None)); return False
    with C():
        for x in xs:
            yield x
log = []
for i in range(300):
    print(any(x > 2 for x in range(10)), end=' ') if i == 0 else any(x > 2 for x in range(10))
    g = plain(range(5)); next(g); del g
    g = guarded(range(5), log); next(g); del g
    g = with_block(range(5), log); next(g); del g
gc.collect()
print()
print(len(log), sorted(map(str, log))[:1], sorted(map(str, log))[-1:])
g = plain([1, 2]); next(g); g.close(); print(list(g))
