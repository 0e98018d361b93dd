from enum import Enum, IntEnum, Flag, IntFlag, auto, unique
class Color(Enum):
    RED = 1
    GREEN = 2
    BLUE = 3
    CRIMSON = 1
    def describe(self): return self.name.lower()
print(Color.RED, repr(Color.RED), Color(2), Color['BLUE'], list(Color), len(Color), Color.CRIMSON is Color.RED)
print(Color.RED.name, Color.RED.value, Color.__members__, Color.RED.describe(), Color)
print(format(Color.RED), f"{Color.GREEN}", hash(Color.RED) == hash("RED"), Color.RED == 1)
class Num(IntEnum):
    ONE = 1
    TWO = 2
print(Num.ONE, repr(Num.TWO), Num.ONE + 1, Num.TWO == 2, f"{Num.ONE}", str(Num.ONE), sorted([Num.TWO, Num.ONE]))
class Perm(Flag):
    R = 4
    W = 2
    X = 1
print(Perm.R | Perm.W, repr(Perm.R | Perm.W), Perm.R in (Perm.R | Perm.W), repr(Perm(0)), bool(Perm(0)), list(Perm))
class A(Enum):
    X = auto()
    Y = auto()
print(A.X.value, A.Y.value, repr(A.Y))
class F(Flag):
    A = auto(); B = auto(); C = auto()
print(F.A.value, F.C.value, repr(F.A | F.C), str(F.A|F.B))
try:
    Color(7)
except ValueError as e:
    print(e)
try:
    Color['PINK']
except KeyError as e:
    print(repr(e))
Animal = Enum('Animal', 'ANT BEE CAT')
print(list(Animal), Animal.BEE.value)
print(isinstance(Color.RED, Color), type(Color.RED), Color.RED in Color)
class IF(IntFlag):
    A = 1; B = 2
print(IF.A | IF.B, repr(IF.A | IF.B), IF.A | 4)
