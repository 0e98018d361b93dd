def trace(fn):
    def wrapper(*args, **kwargs):
        print("calling", fn.__name__, args)
        return fn(*args, **kwargs)
    return wrapper

def twice(fn):
    def wrapper(x):
        return fn(fn(x))
    return wrapper

@trace
def add(a, b):
    return a + b

@twice
@twice
def inc(x):
    return x + 1

print(add(2, 3))
print(inc(0))
