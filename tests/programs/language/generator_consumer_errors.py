# Built-ins consuming generators keep CPython's results and errors when the
# generator, a __bool__ or an __add__ fails part-way.
def gen(n, fail_at=None):
    for i in range(n):
        if i == fail_at:
            raise ValueError("boom %d" % i)
        yield i

class B:
    def __bool__(self):
        raise RuntimeError("no truth")

for f in (lambda: sum(gen(5, 3)), lambda: any(gen(5, 2)), lambda: all(x < 10 for x in gen(5, 4)),
          lambda: sorted(gen(5, 1)), lambda: min(gen(3, 2)), lambda: "".join(str(x) for x in gen(4, 3)),
          lambda: any(B() for _ in range(2)), lambda: sum(x for x in ["a"]), lambda: sum((x for x in [1]), "s"),
          lambda: min(x for x in []), lambda: max((x for x in []), default=7), lambda: sorted((x for x in [3,1,2]), reverse=True),
          lambda: sum((x for x in [[1], [2]]), []), lambda: sum(x / 2 for x in range(5)), lambda: "-".join(x for x in [1])):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__, e)
g = (x for x in range(10))
print(any(x > 3 for x in g), list(g))
