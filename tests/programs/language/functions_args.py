def f(a, b=2, *args, c, d=4, **kwargs):
    return (a, b, args, c, d, sorted(kwargs.items()))

print(f(1, c=3))
print(f(1, 5, 6, 7, c=8, e=9, f=10))
print(f(a=1, c=2, d=3))

def pos_only(a, b, /, c):
    return a + b + c
print(pos_only(1, 2, 3), pos_only(1, 2, c=3))

def kw_only(*, x, y=1):
    return x * y
print(kw_only(x=5), kw_only(y=3, x=2))

def star(*args, **kwargs):
    return len(args), len(kwargs)
print(star(), star(1, 2), star(*[1, 2, 3], **{"a": 1}))
args = (1, 2)
kwargs = {"c": 3}
print(pos_only(*args, **kwargs))

def defaults_shared(x, acc=[]):
    acc.append(x)
    return acc
print(defaults_shared(1), defaults_shared(2))
print((lambda x, y=10: x + y)(5))
print(list(map(lambda s: s.upper(), ["a", "b"])))
