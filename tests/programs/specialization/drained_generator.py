def g():
    for i in range(200000):
        yield (i, [i])


print(len(list(g())))
