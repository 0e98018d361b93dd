"""Packing values into C structs. ``calcsize`` works; ``pack`` and
``unpack`` produce and read bytes, which Copperhead does not support yet,
so they raise ``NotImplementedError``."""

__all__ = ['calcsize', 'pack', 'pack_into', 'unpack', 'unpack_from',
           'iter_unpack', 'Struct', 'error']


class error(Exception):
    pass


# (size, alignment) in native mode; standard sizes for '<', '>', '!', '='.
_NATIVE = {'x': (1, 1), 'c': (1, 1), 'b': (1, 1), 'B': (1, 1), '?': (1, 1),
           'h': (2, 2), 'H': (2, 2), 'i': (4, 4), 'I': (4, 4), 'l': (8, 8),
           'L': (8, 8), 'q': (8, 8), 'Q': (8, 8), 'n': (8, 8), 'N': (8, 8),
           'e': (2, 2), 'f': (4, 4), 'd': (8, 8), 's': (1, 1), 'p': (1, 1),
           'P': (8, 8)}
_STANDARD = {'x': 1, 'c': 1, 'b': 1, 'B': 1, '?': 1, 'h': 2, 'H': 2, 'i': 4,
             'I': 4, 'l': 4, 'L': 4, 'q': 8, 'Q': 8, 'e': 2, 'f': 4, 'd': 8,
             's': 1, 'p': 1}


def calcsize(format):
    """The size in bytes of a struct laid out by ``format``."""
    if not isinstance(format, str):
        raise TypeError('Struct() argument 1 must be a str or bytes object, not %s'
                        % type(format).__name__)
    native = True
    text = format
    if text[:1] in '@=<>!':
        native = text[0] == '@'
        text = text[1:]
    size = 0
    count = ''
    for c in text:
        if c.isspace():
            continue
        if c.isdigit():
            count += c
            continue
        table = _NATIVE if native else _STANDARD
        if c not in table or (not native and c in 'nNP'):
            raise error('bad char in struct format')
        n = int(count) if count else 1
        count = ''
        if native:
            item, align = _NATIVE[c]
            if align > 1:
                size = (size + align - 1) // align * align
        else:
            item = _STANDARD[c]
        if c in 'sp':
            size += n
        else:
            size += item * n
    if count:
        raise error('repeat count given without format specifier')
    return size


def _unsupported(*args, **kwargs):
    raise NotImplementedError('struct packing needs bytes, which are not supported yet')


pack = pack_into = unpack = unpack_from = iter_unpack = _unsupported


class Struct:
    def __init__(self, format):
        self.format = format
        self.size = calcsize(format)

    pack = pack_into = unpack = unpack_from = iter_unpack = _unsupported
