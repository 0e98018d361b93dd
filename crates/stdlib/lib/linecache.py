"""Lines of source files by filename (what tracebacks and ``warnings``
show), including the embedded library's files."""

import _copperhead

__all__ = ["getline", "clearcache", "checkcache", "lazycache", "getlines"]

cache = {}


def getlines(filename, module_globals=None):
    if filename in cache:
        return cache[filename]
    text = _copperhead.source_text(filename)
    if text is None:
        try:
            with open(filename, encoding='utf-8') as f:
                text = f.read()
        except (OSError, UnicodeDecodeError, NotImplementedError):
            return []
    lines = text.splitlines(True)
    if lines and not lines[-1].endswith('\n'):
        lines[-1] += '\n'
    cache[filename] = lines
    return lines


def getline(filename, lineno, module_globals=None):
    lines = getlines(filename, module_globals)
    if 1 <= lineno <= len(lines):
        return lines[lineno - 1]
    return ''


def clearcache():
    cache.clear()


def checkcache(filename=None):
    pass


def lazycache(filename, module_globals):
    return False
