"""The numeric tower as abstract base classes: ``Number``, ``Complex``,
``Real``, ``Rational``, ``Integral`` (``int`` is Integral, ``float`` is
Real, ``bool`` is Integral)."""

from abc import ABCMeta, abstractmethod

__all__ = ["Number", "Complex", "Real", "Rational", "Integral"]


class Number(metaclass=ABCMeta):
    __slots__ = ()
    __hash__ = None


class Complex(Number):
    __slots__ = ()


class Real(Complex):
    __slots__ = ()


class Rational(Real):
    __slots__ = ()


class Integral(Rational):
    __slots__ = ()


Real.register(float)
Integral.register(int)
Integral.register(bool)
