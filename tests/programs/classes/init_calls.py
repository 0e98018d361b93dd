class A:
    def __init__(self, x, y=2, *, z=3):
        self.s = x + y + z
class B:
    def __init__(self):
        return 5
print(A(1).s, A(1, z=10).s, A(x=0, y=0, z=0).s)
def make():
    return B()
try:
    make()
except TypeError as e:
    print("TypeError", e)
try:
    A()
except TypeError as e:
    print("TypeError", e)
