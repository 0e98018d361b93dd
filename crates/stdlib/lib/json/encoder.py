"""The JSON encoder. Without an indent, ``_json.encode`` (native) writes
documents of built-in values; the Python methods below do the rest."""

import _json

__all__ = ['JSONEncoder']

_ESCAPES = {
    '\\': '\\\\', '"': '\\"', '\b': '\\b', '\f': '\\f', '\n': '\\n',
    '\r': '\\r', '\t': '\\t',
}
for _i in range(0x20):
    _ESCAPES.setdefault(chr(_i), '\\u%04x' % _i)
del _i

INFINITY = float('inf')


def py_encode_basestring(s):
    """``s`` as a JSON string, non-ASCII characters kept."""
    return '"' + ''.join(_ESCAPES.get(c, c) for c in s) + '"'


def py_encode_basestring_ascii(s):
    """``s`` as a JSON string of ASCII characters only."""
    out = ['"']
    for c in s:
        escaped = _ESCAPES.get(c)
        if escaped is not None:
            out.append(escaped)
            continue
        n = ord(c)
        if n < 0x7f:
            out.append(c)
        elif n < 0x10000:
            out.append('\\u%04x' % n)
        else:
            n -= 0x10000
            out.append('\\u%04x\\u%04x' % (0xd800 | ((n >> 10) & 0x3ff), 0xdc00 | (n & 0x3ff)))
    out.append('"')
    return ''.join(out)


encode_basestring = _json.encode_basestring
encode_basestring_ascii = _json.encode_basestring_ascii


class JSONEncoder:
    """Encodes Python values (dict, list, tuple, str, int, float, bool,
    None) as JSON; ``default`` handles anything else."""

    item_separator = ', '
    key_separator = ': '

    def __init__(self, *, skipkeys=False, ensure_ascii=True, check_circular=True,
                 allow_nan=True, sort_keys=False, indent=None, separators=None,
                 default=None):
        self.skipkeys = skipkeys
        self.ensure_ascii = ensure_ascii
        self.check_circular = check_circular
        self.allow_nan = allow_nan
        self.sort_keys = sort_keys
        self.indent = indent
        if separators is not None:
            self.item_separator, self.key_separator = separators
        elif indent is not None:
            self.item_separator = ','
        if default is not None:
            self.default = default

    def default(self, o):
        raise TypeError('Object of type %s is not JSON serializable' % o.__class__.__name__)

    def encode(self, o):
        if isinstance(o, str):
            if self.ensure_ascii:
                return encode_basestring_ascii(o)
            return encode_basestring(o)
        if (self.indent is None and type(self).iterencode is JSONEncoder.iterencode
                and type(self)._encode is JSONEncoder._encode):
            text = _json.encode(o, bool(self.ensure_ascii), bool(self.allow_nan),
                                bool(self.sort_keys), bool(self.skipkeys),
                                bool(self.check_circular), self.item_separator,
                                self.key_separator)
            if text is not None:
                return text
        return ''.join(self.iterencode(o))

    def _float(self, o):
        if o != o:
            text = 'NaN'
        elif o == INFINITY:
            text = 'Infinity'
        elif o == -INFINITY:
            text = '-Infinity'
        else:
            return float.__repr__(o)
        if not self.allow_nan:
            raise ValueError('Out of range float values are not JSON compliant')
        return text

    def iterencode(self, o, _one_shot=False):
        chunks = []
        markers = {} if self.check_circular else None
        indent = self.indent
        if indent is not None and not isinstance(indent, str):
            indent = ' ' * indent
        self._encode(o, chunks, markers, indent, 0)
        return chunks

    def _encode(self, o, out, markers, indent, level):
        if isinstance(o, str):
            out.append(encode_basestring_ascii(o) if self.ensure_ascii else encode_basestring(o))
        elif o is None:
            out.append('null')
        elif o is True:
            out.append('true')
        elif o is False:
            out.append('false')
        elif isinstance(o, int):
            out.append(int.__repr__(o))
        elif isinstance(o, float):
            out.append(self._float(o))
        elif isinstance(o, (list, tuple)):
            self._encode_list(o, out, markers, indent, level)
        elif isinstance(o, dict):
            self._encode_dict(o, out, markers, indent, level)
        else:
            if markers is not None:
                marker = id(o)
                if marker in markers:
                    raise ValueError('Circular reference detected')
                markers[marker] = o
            self._encode(self.default(o), out, markers, indent, level)
            if markers is not None:
                del markers[marker]

    def _encode_list(self, items, out, markers, indent, level):
        if not items:
            out.append('[]')
            return
        if markers is not None:
            marker = id(items)
            if marker in markers:
                raise ValueError('Circular reference detected')
            markers[marker] = items
        out.append('[')
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            separator = self.item_separator + newline
            out.append(newline)
        else:
            newline = None
            separator = self.item_separator
        first = True
        for value in items:
            if not first:
                out.append(separator)
            first = False
            self._encode(value, out, markers, indent, level)
        if newline is not None:
            level -= 1
            out.append('\n' + indent * level)
        out.append(']')
        if markers is not None:
            del markers[marker]

    def _key(self, key):
        if isinstance(key, str):
            return key
        if isinstance(key, float):
            return self._float(key)
        if key is True:
            return 'true'
        if key is False:
            return 'false'
        if key is None:
            return 'null'
        if isinstance(key, int):
            return int.__repr__(key)
        if self.skipkeys:
            return None
        raise TypeError('keys must be str, int, float, bool or None, not %s'
                        % key.__class__.__name__)

    def _encode_dict(self, d, out, markers, indent, level):
        if not d:
            out.append('{}')
            return
        if markers is not None:
            marker = id(d)
            if marker in markers:
                raise ValueError('Circular reference detected')
            markers[marker] = d
        out.append('{')
        if indent is not None:
            level += 1
            newline = '\n' + indent * level
            separator = self.item_separator + newline
            out.append(newline)
        else:
            newline = None
            separator = self.item_separator
        items = sorted(d.items()) if self.sort_keys else d.items()
        first = True
        for key, value in items:
            key = self._key(key)
            if key is None:
                continue
            if not first:
                out.append(separator)
            first = False
            out.append(encode_basestring_ascii(key) if self.ensure_ascii else encode_basestring(key))
            out.append(self.key_separator)
            self._encode(value, out, markers, indent, level)
        if newline is not None:
            level -= 1
            out.append('\n' + indent * level)
        out.append('}')
        if markers is not None:
            del markers[marker]
