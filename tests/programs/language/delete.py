x = 5
del x
try:
    print(x)
except NameError as e:
    print("NameError:", e)
items = [1, 2, 3, 4, 5]
del items[1], items[-1]
print(items)
d = {"a": 1, "b": 2}
del d["a"]
print(d)
def f():
    y = 1
    del y
    try:
        return y
    except UnboundLocalError as e:
        return str(e)
print(f())
