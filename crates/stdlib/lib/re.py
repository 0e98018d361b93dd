"""Regular expressions with Python's syntax and semantics: ``compile``,
``search``, ``match``, ``fullmatch``, ``findall``, ``finditer``, ``sub``
(group references and callables), ``subn``, ``split``, ``escape``, groups
and named groups, flags ``I M S X A``.

Matching runs on a backtracking engine (``fancy-regex``) behind a
translation of Python's pattern syntax (``_re``); messages of ``re.error``
for malformed patterns are the engine's, not CPython's.
"""

import _re
import enum

__all__ = ["match", "fullmatch", "search", "sub", "subn", "split", "findall",
           "finditer", "compile", "purge", "template", "escape", "error",
           "Pattern", "Match", "A", "I", "L", "M", "S", "X", "U", "ASCII",
           "IGNORECASE", "LOCALE", "MULTILINE", "DOTALL", "VERBOSE", "UNICODE",
           "NOFLAG", "RegexFlag"]


class RegexFlag(enum.IntFlag):
    NOFLAG = 0
    ASCII = A = _re.ASCII
    IGNORECASE = I = _re.IGNORECASE
    LOCALE = L = _re.LOCALE
    UNICODE = U = _re.UNICODE
    MULTILINE = M = _re.MULTILINE
    DOTALL = S = _re.DOTALL
    VERBOSE = X = _re.VERBOSE
    TEMPLATE = T = 1
    DEBUG = _re.DEBUG

    def __repr__(self):
        if self._name_ is not None:
            return 're.' + '|re.'.join(self._name_.split('|'))
        return 're.%s' % int.__repr__(self._value_)

    __str__ = object.__str__


NOFLAG = RegexFlag.NOFLAG
A = ASCII = RegexFlag.ASCII
I = IGNORECASE = RegexFlag.IGNORECASE
L = LOCALE = RegexFlag.LOCALE
U = UNICODE = RegexFlag.UNICODE
M = MULTILINE = RegexFlag.MULTILINE
S = DOTALL = RegexFlag.DOTALL
X = VERBOSE = RegexFlag.VERBOSE
T = TEMPLATE = RegexFlag.TEMPLATE
DEBUG = RegexFlag.DEBUG


class error(Exception):
    """A malformed regular expression."""

    def __init__(self, msg, pattern=None, pos=None):
        super().__init__(msg)
        self.msg = msg
        self.pattern = pattern
        self.pos = pos


PatternError = error
_MAXCACHE = 512
_cache = {}


class Match:
    """The result of a successful match."""

    # `_spans` is the engine's flat tuple: (start, end) per group, -1 for
    # a group that did not take part, then the search's pos and endpos.
    __slots__ = ('re', 'string', '_spans')

    def __init__(self, pattern, string, spans):
        self.re = pattern
        self.string = string
        self._spans = spans

    @property
    def pos(self):
        return self._spans[-2]

    @property
    def endpos(self):
        return self._spans[-1]

    def _index(self, group):
        if isinstance(group, int) and not isinstance(group, bool):
            if 0 <= group <= self.re.groups:
                return group
        elif isinstance(group, str):
            index = self.re.groupindex.get(group)
            if index is not None:
                return index
        else:
            try:
                index = group.__index__()
            except AttributeError:
                raise IndexError('no such group') from None
            if 0 <= index <= self.re.groups:
                return index
        raise IndexError('no such group')

    def span(self, group=0):
        i = self._index(group)
        return self._spans[2 * i], self._spans[2 * i + 1]

    def start(self, group=0):
        return self.span(group)[0]

    def end(self, group=0):
        return self.span(group)[1]

    def _group(self, i, default=None):
        start = self._spans[2 * i]
        if start < 0:
            return default
        return self.string[start:self._spans[2 * i + 1]]

    def group(self, *groups):
        if not groups:
            return self._group(0)
        if len(groups) == 1:
            return self._group(self._index(groups[0]))
        return tuple(self._group(self._index(g)) for g in groups)

    def __getitem__(self, group):
        return self._group(self._index(group))

    def groups(self, default=None):
        return tuple(self._group(i, default) for i in range(1, self.re.groups + 1))

    def groupdict(self, default=None):
        return {name: self._group(index, default) for name, index in self.re.groupindex.items()}

    @property
    def lastindex(self):
        best = None
        best_end = -1
        for i in range(1, self.re.groups + 1):
            start, end = self._spans[2 * i], self._spans[2 * i + 1]
            if start >= 0 and end >= best_end:
                best, best_end = i, end
        return best

    @property
    def lastgroup(self):
        index = self.lastindex
        for name, i in self.re.groupindex.items():
            if i == index:
                return name
        return None

    @property
    def regs(self):
        return tuple(self.span(i) for i in range(self.re.groups + 1))

    def expand(self, template):
        return _expand_template(self.re, template)(self)

    def __bool__(self):
        return True

    def __repr__(self):
        return '<re.Match object; span=%r, match=%r>' % (self.span(), self.group())

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


class Pattern:
    """A compiled regular expression."""

    def __init__(self, pattern, flags):
        self.pattern = pattern
        self.flags = int(flags) | (0 if flags & ASCII else UNICODE.value)
        self._handle = _re.compile(pattern, int(flags))
        self.groups, groupindex = _re.group_names(self._handle)
        self.groupindex = groupindex

    # search, match and fullmatch call the engine directly (no shared
    # helper): they are the hot calls of regex-heavy programs.
    def search(self, string, pos=0, endpos=None):
        spans = _re.search(self._handle, string, pos, endpos, 0)
        if spans is None:
            return None
        return Match(self, string, spans)

    def match(self, string, pos=0, endpos=None):
        spans = _re.search(self._handle, string, pos, endpos, 1)
        if spans is None:
            return None
        return Match(self, string, spans)

    def fullmatch(self, string, pos=0, endpos=None):
        spans = _re.search(self._handle, string, pos, endpos, 2)
        if spans is None:
            return None
        return Match(self, string, spans)

    def _all(self, string, pos=0, endpos=None):
        return _re.all_spans(self._handle, string, pos, endpos)

    def finditer(self, string, pos=0, endpos=None):
        for spans in self._all(string, pos, endpos):
            yield Match(self, string, spans)

    def findall(self, string, pos=0, endpos=None):
        result = []
        groups = self.groups
        for spans in self._all(string, pos, endpos):
            if groups == 0:
                result.append(string[spans[0]:spans[1]])
            else:
                values = tuple(string[spans[2 * i]:spans[2 * i + 1]] if spans[2 * i] >= 0 else ''
                               for i in range(1, groups + 1))
                result.append(values[0] if groups == 1 else values)
        return result

    def split(self, string, maxsplit=0):
        pieces = []
        last = 0
        count = 0
        for spans in self._all(string):
            if maxsplit and count >= maxsplit:
                break
            start, end = spans[0], spans[1]
            pieces.append(string[last:start])
            for i in range(1, self.groups + 1):
                s = spans[2 * i]
                pieces.append(string[s:spans[2 * i + 1]] if s >= 0 else None)
            last = end
            count += 1
        pieces.append(string[last:])
        return pieces

    def subn(self, repl, string, count=0):
        if type(repl) is str and '\\' not in repl:
            return _re.subn_literal(self._handle, repl, string, count)
        if callable(repl):
            expand = repl
        else:
            expand = _expand_template(self, repl)
        out = []
        last = 0
        n = 0
        for spans in self._all(string):
            if count and n >= count:
                break
            out.append(string[last:spans[0]])
            out.append(expand(Match(self, string, spans)))
            last = spans[1]
            n += 1
        out.append(string[last:])
        return ''.join(out), n

    def sub(self, repl, string, count=0):
        return self.subn(repl, string, count)[0]

    def scanner(self, string, pos=0, endpos=None):
        raise NotImplementedError('Pattern.scanner() is not supported yet')

    def __repr__(self):
        flags = self.flags & ~UNICODE.value if not self.flags & ASCII.value else self.flags
        text = repr(self.pattern)
        if len(text) > 200:
            text = text[:200]
        if flags:
            return 're.compile(%s, %r)' % (text, RegexFlag(flags))
        return 're.compile(%s)' % text

    def __eq__(self, other):
        if not isinstance(other, Pattern):
            return NotImplemented
        return self.pattern == other.pattern and self.flags == other.flags

    def __hash__(self):
        return hash((self.pattern, self.flags))

    def __copy__(self):
        return self

    def __deepcopy__(self, memo):
        return self


_ESCAPES = {'n': '\n', 't': '\t', 'r': '\r', 'f': '\f', 'v': '\v', 'a': '\a',
            'b': '\b', '\\': '\\'}


def _expand_template(pattern, template):
    """A function from a Match to the replacement text ``template`` names."""
    if not isinstance(template, str):
        raise TypeError('expected str instance, %s found' % type(template).__name__)
    if '\\' not in template:
        return lambda m: template
    parts = []
    literal = []
    i = 0
    n = len(template)
    while i < n:
        c = template[i]
        i += 1
        if c != '\\':
            literal.append(c)
            continue
        if i >= n:
            raise error('bad escape (end of pattern)', template, i - 1)
        c = template[i]
        i += 1
        if c == 'g':
            if i >= n or template[i] != '<':
                raise error('missing <', template, i)
            close = template.find('>', i)
            if close < 0:
                raise error('missing >, unterminated name', template, i + 1)
            name = template[i + 1:close]
            i = close + 1
            if not name:
                raise error('missing group name', template, i)
            if name.isdigit():
                index = int(name)
                if index > pattern.groups:
                    raise error('invalid group reference %d' % index, template, i)
            elif name.isidentifier():
                if name not in pattern.groupindex:
                    raise IndexError('unknown group name %r' % name)
                index = pattern.groupindex[name]
            else:
                raise error('bad character in group name %r' % name, template, i)
            parts.append(''.join(literal))
            literal = []
            parts.append(index)
        elif c.isdigit():
            digits = c
            if c != '0' and i < n and template[i].isdigit():
                digits += template[i]
                i += 1
            if digits[0] == '0' or (len(digits) == 2 and False):
                value = int(digits, 8)
                while i < n and template[i] in '01234567' and len(digits) < 3:
                    digits += template[i]
                    i += 1
                literal.append(chr(int(digits, 8)))
                continue
            index = int(digits)
            if index > pattern.groups:
                raise error('invalid group reference %d' % index, template, i - len(digits))
            parts.append(''.join(literal))
            literal = []
            parts.append(index)
        elif c in _ESCAPES:
            literal.append(_ESCAPES[c])
        elif c.isascii() and c.isalpha():
            raise error('bad escape \\%s' % c, template, i - 2)
        else:
            literal.append('\\' + c)
    parts.append(''.join(literal))

    def expand(match):
        out = []
        for part in parts:
            if isinstance(part, int):
                value = match.group(part)
                if value is not None:
                    out.append(value)
            else:
                out.append(part)
        return ''.join(out)
    return expand


def _compile(pattern, flags):
    if isinstance(flags, RegexFlag):
        flags = flags.value
    if isinstance(pattern, Pattern):
        if flags:
            raise ValueError('cannot process flags argument with a compiled pattern')
        return pattern
    if not isinstance(pattern, str):
        raise TypeError('first argument must be string or compiled pattern')
    key = (pattern, flags)
    compiled = _cache.get(key)
    if compiled is None:
        compiled = Pattern(pattern, flags)
        if len(_cache) >= _MAXCACHE:
            del _cache[next(iter(_cache))]
        _cache[key] = compiled
    return compiled


def compile(pattern, flags=0):
    return _compile(pattern, flags)


def search(pattern, string, flags=0):
    return _compile(pattern, flags).search(string)


def match(pattern, string, flags=0):
    return _compile(pattern, flags).match(string)


def fullmatch(pattern, string, flags=0):
    return _compile(pattern, flags).fullmatch(string)


def findall(pattern, string, flags=0):
    return _compile(pattern, flags).findall(string)


def finditer(pattern, string, flags=0):
    return _compile(pattern, flags).finditer(string)


def sub(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).sub(repl, string, count)


def subn(pattern, repl, string, count=0, flags=0):
    return _compile(pattern, flags).subn(repl, string, count)


def split(pattern, string, maxsplit=0, flags=0):
    return _compile(pattern, flags).split(string, maxsplit)


def purge():
    _cache.clear()
    _re.purge()


def template(pattern, flags=0):
    return _compile(pattern, flags | TEMPLATE)


_SPECIAL = frozenset('()[]{}?*+-|^$\\.&~# \t\n\r\v\f')


def escape(pattern):
    """``pattern`` with every character special in a pattern escaped."""
    if isinstance(pattern, str):
        return ''.join('\\' + c if c in _SPECIAL else c for c in pattern)
    raise TypeError('escape() needs a str')
