import contextlib, abc, typing, io, sys
from typing import List, Dict, Optional, Union, Callable, TypeVar, Generic, Any, Tuple, NamedTuple
@contextlib.contextmanager
def tag(name):
    print("<%s>" % name)
    yield name.upper()
    print("</%s>" % name)
with tag("b") as t:
    print(t)
with contextlib.suppress(ZeroDivisionError):
    1 / 0
print("suppressed")
with contextlib.nullcontext(5) as v:
    print(v)
class Resource:
    def close(self): print("closed")
with contextlib.closing(Resource()):
    pass
buffer = io.StringIO()
with contextlib.redirect_stdout(buffer):
    print("hidden")
print(repr(buffer.getvalue()))
with contextlib.ExitStack() as stack:
    stack.callback(print, "first registered, last run")
    stack.enter_context(tag("i"))
    print("body")
@contextlib.contextmanager
def failing():
    try:
        yield
    except ValueError:
        print("handled in generator")
with failing():
    raise ValueError
class Shape(abc.ABC):
    @abc.abstractmethod
    def area(self): ...
    @abc.abstractmethod
    def name(self): ...
class Square(Shape):
    def __init__(self, s): self.s = s
    def area(self): return self.s ** 2
    def name(self): return "square"
try:
    Shape()
except TypeError as e:
    print(e)
print(Square(3).area(), isinstance(Square(1), Shape), issubclass(Square, Shape))
class Half(Shape):
    def area(self): return 0
try:
    Half()
except TypeError as e:
    print(e)
class Registered: pass
Shape.register(Registered)
print(isinstance(Registered(), Shape), issubclass(int, Shape))
T = TypeVar("T")
class Box(Generic[T]):
    def __init__(self, item: T): self.item = item
print(Box[int](3).item, Box(4).item, T)
def typed(x: List[int], y: Optional[str] = None) -> Dict[str, Any]:
    return {"x": x, "y": y}
print(typed([1], "a"), List[int], Optional[str], Union[int, str], Callable, Dict[str, List[int]])
class Point(NamedTuple):
    x: int
    y: int = 0
print(Point(1), Point(1, 2)._asdict(), typing.cast(int, "not checked"))
print(typing.get_origin(List[int]) is list, typing.get_args(Dict[str, int]))
