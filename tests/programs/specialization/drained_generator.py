def g():
    for i in range(3000):
        yield str(i) * 1000


print(len(list(g())))
