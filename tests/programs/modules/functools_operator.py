import functools, operator
print(functools.reduce(operator.add, [1, 2, 3, 4]), functools.reduce(lambda a, b: a * b, [], 1))
try:
    functools.reduce(operator.add, [])
except TypeError as e:
    print(e)
p = functools.partial(int, base=2)
print(p("101"), p.func, p.args, p.keywords)
def f(a, b, c=0): return (a, b, c)
q = functools.partial(functools.partial(f, 1), c=3)
print(q(2), q.args, q.keywords)
@functools.lru_cache(maxsize=2)
def sq(x):
    print("computing", x)
    return x * x
print(sq(2), sq(2), sq(3), sq(4), sq(2), sq.cache_info())
sq.cache_clear(); print(sq.cache_info())
@functools.cache
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(80), fib.cache_info().hits > 0)
def deco(func):
    @functools.wraps(func)
    def wrapper(*a, **k):
        return func(*a, **k)
    return wrapper
@deco
def documented(x):
    "The docstring."
    return x
print(documented.__name__, documented.__doc__, documented.__wrapped__(5), documented.__qualname__)
@functools.total_ordering
class V:
    def __init__(self, v): self.v = v
    def __eq__(self, o): return self.v == o.v
    def __lt__(self, o): return self.v < o.v
print(V(1) <= V(2), V(3) >= V(2), V(2) > V(2), V(2) >= V(2))
print(sorted([3, 1, 2], key=functools.cmp_to_key(lambda a, b: b - a)))
class Lazy:
    @functools.cached_property
    def value(self):
        print("computed once")
        return 42
z = Lazy(); print(z.value, z.value)
@functools.singledispatch
def show(x): return "object"
@show.register(int)
def _(x): return "int"
@show.register(list)
def _(x): return "list"
print(show(1), show([]), show("s"), show(True))
print(operator.add(1, 2), operator.itemgetter(1)("abc"), operator.itemgetter(0, 2)("abc"), operator.attrgetter("real")(5))
print(operator.methodcaller("split", ",")("a,b"), operator.neg(3), operator.not_(0), operator.truth([]), operator.contains([1], 1))
print(repr(operator.itemgetter(1)), repr(operator.attrgetter("a.b", "c")), repr(operator.methodcaller("m", 1, k=2)))
print(operator.indexOf([5, 6, 7], 7), operator.countOf([1, 1, 2], 1), operator.concat([1], [2]), operator.iadd([1], [2]))
class Obj: pass
o = Obj(); o.a = Obj(); o.a.b = 9
print(operator.attrgetter("a.b")(o), sorted([(1, 'b'), (0, 'c')], key=operator.itemgetter(1)))
