"""Typed arrays of numbers: ``array('d', [...])`` and friends, with the
element checks and conversions of CPython's ``array``. The items live in
a list; ``_array`` (native) does item reads and plain item stores, and
``_getitem``/``_setitem`` below the rest. ``tobytes``/``frombytes`` need
bytes, which Copperhead does not support yet."""

import _array
import _copperhead

__all__ = ['array', 'ArrayType', 'typecodes']

typecodes = 'bBuhHiIlLqQfd'

_RANGES = {
    'b': (-2 ** 7, 2 ** 7 - 1, 'signed char'),
    'B': (0, 2 ** 8 - 1, 'unsigned byte integer'),
    'h': (-2 ** 15, 2 ** 15 - 1, 'signed short integer'),
    'H': (0, 2 ** 16 - 1, 'unsigned short'),
    'i': (-2 ** 31, 2 ** 31 - 1, 'signed integer'),
    'I': (0, 2 ** 32 - 1, 'unsigned int'),
    'l': (-2 ** 63, 2 ** 63 - 1, 'signed long'),
    'L': (0, 2 ** 64 - 1, 'unsigned long'),
    'q': (-2 ** 63, 2 ** 63 - 1, 'signed long long'),
    'Q': (0, 2 ** 64 - 1, 'unsigned long long'),
}
_SIZES = {'b': 1, 'B': 1, 'u': 4, 'h': 2, 'H': 2, 'i': 4, 'I': 4, 'l': 8, 'L': 8,
          'q': 8, 'Q': 8, 'f': 4, 'd': 8}


def _converter(typecode):
    if typecode == 'd':
        def convert(v):
            if isinstance(v, float):
                return v
            if isinstance(v, (int, bool)) or hasattr(type(v), '__float__'):
                return float(v)
            raise TypeError('must be real number, not %s' % type(v).__name__)
        return convert
    if typecode == 'f':
        def convert(v):
            if isinstance(v, (int, float)) or hasattr(type(v), '__float__'):
                return _copperhead.float32(float(v))
            raise TypeError('must be real number, not %s' % type(v).__name__)
        return convert
    if typecode == 'u':
        def convert(v):
            if not isinstance(v, str) or len(v) != 1:
                raise TypeError('array item must be unicode character')
            return v
        return convert
    low, high, name = _RANGES[typecode]
    unsigned = low == 0

    def convert(v):
        if not isinstance(v, int):
            if isinstance(v, float):
                raise TypeError("'float' object cannot be interpreted as an integer")
            try:
                v = v.__index__()
            except AttributeError:
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(v).__name__) from None
        if v < low:
            if unsigned:
                raise OverflowError('%s is less than minimum' % name if typecode in 'BH'
                                    else "can't convert negative value to unsigned int")
            raise OverflowError('%s is less than minimum' % name)
        if v > high:
            raise OverflowError('%s is greater than maximum' % name)
        return int(v)
    return convert


def _check_index(index):
    if not isinstance(index, int) and not hasattr(type(index), '__index__'):
        raise TypeError('array indices must be integers')


class array(list):
    """``array(typecode[, initializer])``: a list of numbers of one C type."""

    def __new__(cls, typecode, initializer=(), /):
        if not isinstance(typecode, str) or len(typecode) != 1 or typecode not in typecodes:
            raise ValueError('bad typecode (must be b, B, u, h, H, i, I, l, L, q, Q, f or d)')
        self = list.__new__(cls)
        return self

    def __init__(self, typecode, initializer=(), /):
        list.__init__(self)
        self._typecode = typecode
        self._convert = _converter(typecode)
        if isinstance(initializer, str) and typecode != 'u':
            raise TypeError("cannot use a str to initialize an array with typecode '%s'" % typecode)
        if isinstance(initializer, array) and initializer.typecode != typecode \
                and (typecode == 'u' or initializer.typecode == 'u'):
            raise TypeError('cannot use a unicode array to initialize an array with a different typecode')
        self.extend(initializer)

    @property
    def typecode(self):
        return self._typecode

    @property
    def itemsize(self):
        return _SIZES[self._typecode]

    def append(self, v):
        list.append(self, self._convert(v))

    def extend(self, iterable):
        if isinstance(iterable, array) and iterable.typecode != self._typecode:
            raise TypeError('can only extend with array of same kind')
        convert = self._convert
        list.extend(self, [convert(v) for v in iterable])

    def fromlist(self, items):
        if not isinstance(items, list):
            raise TypeError('arg must be list')
        self.extend(items)

    def tolist(self):
        return list(self)

    def insert(self, i, v):
        list.insert(self, i, self._convert(v))

    # `__getitem__` and `__setitem__` are native (`_array.install` below);
    # they call these for what they leave to Python.
    def _setitem(self, index, value):
        if isinstance(index, slice):
            if not isinstance(value, array) or value.typecode != self._typecode:
                raise TypeError('can only assign array (not "%s") to array slice'
                                % type(value).__name__)
            list.__setitem__(self, index, list(value))
            return
        _check_index(index)
        value = self._convert(value)
        try:
            list.__setitem__(self, index, value)
        except IndexError:
            raise IndexError('array assignment index out of range') from None

    def _getitem(self, index):
        if isinstance(index, slice):
            return array(self._typecode, list.__getitem__(self, index))
        _check_index(index)
        try:
            return list.__getitem__(self, index)
        except IndexError:
            raise IndexError('array index out of range') from None

    def __add__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only append array (not "%s") to array' % type(other).__name__)
        if other.typecode != self._typecode:
            raise TypeError('bad argument type for built-in operation')
        result = array(self._typecode, self)
        list.extend(result, other)
        return result

    def __iadd__(self, other):
        if not isinstance(other, array):
            raise TypeError('can only extend array with array (not "%s")' % type(other).__name__)
        self.extend(other)
        return self

    def __mul__(self, n):
        result = array(self._typecode)
        list.extend(result, list(self) * n)
        return result

    __rmul__ = __mul__

    def __imul__(self, n):
        items = list(self) * n
        list.clear(self)
        list.extend(self, items)
        return self

    def __eq__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return list(self) == list(other)

    def __ne__(self, other):
        if not isinstance(other, array):
            return NotImplemented
        return list(self) != list(other)

    def __lt__(self, other):
        return list(self) < list(other) if isinstance(other, array) else NotImplemented

    def __le__(self, other):
        return list(self) <= list(other) if isinstance(other, array) else NotImplemented

    def __gt__(self, other):
        return list(self) > list(other) if isinstance(other, array) else NotImplemented

    def __ge__(self, other):
        return list(self) >= list(other) if isinstance(other, array) else NotImplemented

    __hash__ = None

    def __repr__(self):
        if not len(self):
            return "array('%s')" % self._typecode
        if self._typecode == 'u':
            return "array('u', %r)" % ''.join(self)
        return "array('%s', %r)" % (self._typecode, list(self))

    def __copy__(self):
        return array(self._typecode, self)

    def __deepcopy__(self, memo):
        return array(self._typecode, self)

    def __reduce_ex__(self, protocol):
        return (array, (self._typecode, list(self)))

    def buffer_info(self):
        return (id(self), len(self))

    def byteswap(self):
        raise NotImplementedError('array.byteswap() is not supported yet')

    def tounicode(self):
        if self._typecode != 'u':
            raise ValueError('tounicode() may only be called on unicode type arrays')
        return ''.join(self)

    def fromunicode(self, s):
        if self._typecode != 'u':
            raise ValueError('fromunicode() may only be called on unicode type arrays')
        self.extend(s)

    def tobytes(self):
        raise NotImplementedError('array.tobytes() needs bytes, which are not supported yet')

    def frombytes(self, data):
        raise NotImplementedError('array.frombytes() needs bytes, which are not supported yet')

    def tofile(self, f):
        raise NotImplementedError('array.tofile() needs bytes, which are not supported yet')

    def fromfile(self, f, n):
        raise NotImplementedError('array.fromfile() needs bytes, which are not supported yet')


_array.install(array)
ArrayType = array
