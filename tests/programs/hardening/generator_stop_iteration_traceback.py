# PEP 479: the uncaught RuntimeError names its StopIteration cause.
def stopper():
    yield 1
    raise StopIteration('boom')
for x in stopper():
    print(x)
