def make_adder(n):
    def add(x):
        return x + n
    return add

add5 = make_adder(5)
print(add5(10), make_adder(-1)(1))

def counter():
    count = 0
    def increment():
        nonlocal count
        count += 1
        return count
    return increment

c1 = counter()
c2 = counter()
print(c1(), c1(), c1(), c2())

def outer():
    x = "outer"
    def middle():
        def inner():
            return x
        return inner()
    return middle()
print(outer())

funcs = [lambda i=i: i * i for i in range(4)]
print([f() for f in funcs])
late = [lambda: i for i in range(3)]
print([f() for f in late])

def accumulate():
    total = []
    def add(v):
        total.append(v)
        return sum(total)
    return add
acc = accumulate()
acc(1); acc(2)
print(acc(3))
