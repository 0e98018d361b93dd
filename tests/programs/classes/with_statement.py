class Manager:
    def __init__(self, name, suppress=False):
        self.name = name
        self.suppress = suppress
    def __enter__(self):
        print("enter", self.name)
        return self
    def __exit__(self, kind, value, traceback):
        print("exit", self.name, kind.__name__ if kind else None, value)
        return self.suppress

with Manager("a") as m:
    print("body", m.name)

with Manager("outer"), Manager("inner", suppress=True) as inner:
    print("in both", inner.name)
    raise ValueError("swallowed by inner")
print("after")

try:
    with Manager("b"):
        raise KeyError("k")
except KeyError as e:
    print("propagated", repr(e))

def early():
    for i in range(3):
        with Manager(f"loop{i}"):
            if i == 1:
                return "returned"
            if i == 0:
                continue
    return "end"
print(early())

for i in range(2):
    with Manager(f"brk{i}"):
        break

class Failing:
    def __enter__(self):
        return 1
    def __exit__(self, *args):
        raise RuntimeError("exit failed")
try:
    with Failing() as value:
        print("value", value)
except RuntimeError as e:
    print("RuntimeError", e)

try:
    with 5:
        pass
except TypeError as e:
    print("TypeError", e)
