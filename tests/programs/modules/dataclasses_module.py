from dataclasses import dataclass, field, asdict, astuple, replace, fields, FrozenInstanceError, InitVar
from typing import List, ClassVar, Optional

@dataclass
class Point:
    x: int
    y: int = 0
    tags: list = field(default_factory=list)
    count: ClassVar[int] = 0

p = Point(1, 2)
print(p, p == Point(1, 2), p != Point(1, 3), Point(5))
print(asdict(p), astuple(p), replace(p, y=9), [f.name for f in fields(p)])
try:
    Point()
except TypeError as e:
    print(e)
try:
    Point(1, 2, [], 4)
except TypeError as e:
    print(e)
try:
    Point(1, z=3)
except TypeError as e:
    print(e)

@dataclass(order=True, frozen=True)
class Version:
    major: int
    minor: int = 0
v = Version(1, 2)
print(v < Version(1, 3), sorted([Version(2), Version(1, 5)]), hash(v) == hash(Version(1, 2)))
try:
    v.major = 3
except FrozenInstanceError as e:
    print("frozen:", e)

@dataclass
class Node:
    name: str
    children: List["Node"] = field(default_factory=list)
    parent: Optional["Node"] = field(default=None, repr=False, compare=False)
n = Node("root", [Node("a")])
print(n)
print(asdict(n))

@dataclass
class WithPost:
    a: int
    b: int = field(init=False)
    scale: InitVar[int] = 2
    def __post_init__(self, scale):
        self.b = self.a * scale
print(WithPost(3), WithPost(3, 5))

@dataclass
class Base:
    x: int = 1
@dataclass
class Derived(Base):
    y: int = 2
print(Derived(), Derived(5, 6), Derived.__mro__[1].__name__)
try:
    @dataclass
    class Bad:
        a: list = []
except ValueError as e:
    print(e)
print(Point.__init__.__qualname__ if hasattr(Point.__init__, '__qualname__') else '', Point.__match_args__)
@dataclass(eq=False)
class NoEq:
    a: int
print(NoEq(1) == NoEq(1))
print(hash(Point) is not None, Point.__hash__)
