def f():
    x = yield from range(3)
