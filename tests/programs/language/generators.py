def count(n):
    i = 0
    while i < n:
        yield i
        i += 1
print(list(count(5)), sum(count(101)))
for x in count(3):
    print("x", x)
g = count(2)
print(next(g), next(g), next(g, "done"))
print(sum(x * x for x in range(10)), any(x > 5 for x in range(10)), all(x < 5 for x in range(10)))
print(", ".join(str(i) for i in range(4)), max(len(w) for w in ["a", "abc"]), sorted(c for c in "cab"))
def fib():
    a, b = 0, 1
    while True:
        yield a
        a, b = b, a + b
f = fib()
print([next(f) for _ in range(10)])
def nested():
    for i in range(3):
        for j in count(i):
            yield (i, j)
print(list(nested()))
def echo():
    received = []
    while True:
        x = yield len(received)
        if x is None:
            break
        received.append(x)
    yield received
e = echo()
print(next(e), e.send("a"), e.send("b"), e.send(None))
gen = (x for x in range(3))
print(gen.__class__ if False else type(gen).__name__, list(gen), list(gen))
def with_return():
    yield 1
    return
    yield 2
print(list(with_return()))
def gen_try():
    try:
        yield 1
        yield 2
    finally:
        print("gen finally")
print(list(gen_try()))
def early():
    for i in count(100):
        if i > 2:
            return i
print(early())
print(dict((k, v) for k, v in zip("ab", range(2))), set(x % 2 for x in range(5)), tuple(x for x in "hi"))
def gen_err():
    yield 1
    raise ValueError("inside generator")
try:
    for v in gen_err():
        print("got", v)
except ValueError as err:
    print("caught", err)
print(list(zip(count(3), "abc")), list(enumerate(x * 2 for x in range(3))))
