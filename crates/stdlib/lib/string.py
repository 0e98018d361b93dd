"""String constants and ``capwords``."""

__all__ = ["ascii_letters", "ascii_lowercase", "ascii_uppercase", "capwords",
           "digits", "hexdigits", "octdigits", "printable", "punctuation",
           "whitespace", "Formatter", "Template"]

whitespace = ' \t\n\r\v\f'
ascii_lowercase = 'abcdefghijklmnopqrstuvwxyz'
ascii_uppercase = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ'
ascii_letters = ascii_lowercase + ascii_uppercase
digits = '0123456789'
hexdigits = digits + 'abcdef' + 'ABCDEF'
octdigits = '01234567'
punctuation = r"""!"#$%&'()*+,-./:;<=>?@[\]^_`{|}~"""
printable = digits + ascii_letters + punctuation + whitespace


def capwords(s, sep=None):
    """Capitalizes each word of s (split on sep, rejoined with sep or a space)."""
    return (sep or ' ').join(word.capitalize() for word in s.split(sep))


class Template:
    """``$name`` substitution."""

    delimiter = '$'

    def __init__(self, template):
        self.template = template

    def _replace(self, mapping, safe):
        text = self.template
        out = []
        i = 0
        n = len(text)
        while i < n:
            c = text[i]
            if c != '$':
                out.append(c)
                i += 1
                continue
            if i + 1 < n and text[i + 1] == '$':
                out.append('$')
                i += 2
                continue
            braced = i + 1 < n and text[i + 1] == '{'
            start = i + 2 if braced else i + 1
            end = start
            while end < n and (text[end].isalnum() or text[end] == '_'):
                end += 1
            name = text[start:end]
            valid = name and not name[0].isdigit() and (not braced or (end < n and text[end] == '}'))
            if not valid:
                if safe:
                    out.append('$')
                    i += 1
                    continue
                raise ValueError('Invalid placeholder in string: line 1, col %d' % (i + 1))
            if name in mapping:
                out.append(str(mapping[name]))
            elif safe:
                out.append(text[i:end + 1 if braced else end])
            else:
                raise KeyError(name)
            i = end + 1 if braced else end
        return ''.join(out)

    def substitute(self, mapping=None, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._replace(values, False)

    def safe_substitute(self, mapping=None, **kws):
        values = dict(mapping or {})
        values.update(kws)
        return self._replace(values, True)


class Formatter:
    def format(self, format_string, *args, **kwargs):
        return format_string.format(*args, **kwargs)
