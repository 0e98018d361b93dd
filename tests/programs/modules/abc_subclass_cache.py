# ABCMeta caches isinstance/issubclass answers; register() and
# __subclasshook__ still decide correctly.
import abc, numbers
from fractions import Fraction
class A(abc.ABC): pass
class B: pass
print(isinstance(B(), A), issubclass(B, A))
A.register(B)
print(isinstance(B(), A), issubclass(B, A))
class C(B): pass
print(isinstance(C(), A))
print(isinstance(3, numbers.Rational), isinstance(1.5, numbers.Rational), isinstance(Fraction(1, 2), numbers.Rational), isinstance(1.5, numbers.Real))
class H(abc.ABC):
    @classmethod
    def __subclasshook__(cls, sub):
        return hasattr(sub, 'quack') or NotImplemented
class D:
    def quack(self): pass
print(isinstance(D(), H), isinstance(B(), H), isinstance(D(), H))
try:
    issubclass(3, A)
except TypeError as e:
    print(e)
