"""Operating-system interfaces: the working directory, directory
listings, ``stat``, the environment, and ``os.path``."""

import sys
import _os
from _os import (getcwd, chdir, listdir, stat, lstat, mkdir, rmdir, remove,
                 rename, getpid, cpu_count, stat_result)
import posixpath as path

__all__ = ["getcwd", "chdir", "listdir", "stat", "lstat", "mkdir", "makedirs",
           "rmdir", "remove", "unlink", "rename", "getpid", "cpu_count",
           "environ", "getenv", "putenv", "unsetenv", "sep", "pathsep",
           "linesep", "curdir", "pardir", "extsep", "altsep", "devnull",
           "name", "path", "walk", "fspath", "scandir", "PathLike",
           "get_terminal_size", "urandom"]

sys.modules['os.path'] = path

name = 'posix'
sep = '/'
altsep = None
pathsep = ':'
linesep = '\n'
curdir = '.'
pardir = '..'
extsep = '.'
devnull = '/dev/null'
defpath = '/bin:/usr/bin'
SEEK_SET = 0
SEEK_CUR = 1
SEEK_END = 2
F_OK = 0
R_OK = 4
W_OK = 2
X_OK = 1

unlink = remove


class _Environ(dict):
    """``os.environ``: a dict whose changes reach the process environment."""

    def __setitem__(self, key, value):
        if not isinstance(key, str) or not isinstance(value, str):
            raise TypeError("str expected, not %s" % type(value if isinstance(key, str) else key).__name__)
        _os.putenv(key, value)
        dict.__setitem__(self, key, value)

    def __delitem__(self, key):
        dict.__delitem__(self, key)
        _os.unsetenv(key)

    def __repr__(self):
        return 'environ(%s)' % dict.__repr__(self)

    def copy(self):
        return dict(self)

    def setdefault(self, key, value):
        if key not in self:
            self[key] = value
        return self[key]

    def update(self, other=(), **kwargs):
        for key, value in dict(other, **kwargs).items():
            self[key] = value

    def pop(self, key, *default):
        if key in self:
            value = dict.__getitem__(self, key)
            del self[key]
            return value
        if default:
            return default[0]
        raise KeyError(key)


environ = _Environ(_os.environ)


def getenv(key, default=None):
    return environ.get(key, default)


def putenv(key, value):
    _os.putenv(key, value)


def unsetenv(key):
    _os.unsetenv(key)


def fspath(p):
    if isinstance(p, str):
        return p
    method = getattr(type(p), '__fspath__', None)
    if method is None:
        raise TypeError("expected str, bytes or os.PathLike object, not " + type(p).__name__)
    return method(p)


class PathLike:
    pass


def makedirs(name, mode=0o777, exist_ok=False):
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    if head and tail and not path.exists(head):
        try:
            makedirs(head, exist_ok=exist_ok)
        except FileExistsError:
            pass
    try:
        mkdir(name, mode)
    except OSError:
        if not exist_ok or not path.isdir(name):
            raise


def removedirs(name):
    rmdir(name)
    head, tail = path.split(name)
    if not tail:
        head, tail = path.split(head)
    while head and tail:
        try:
            rmdir(head)
        except OSError:
            break
        head, tail = path.split(head)


class DirEntry:
    def __init__(self, directory, name):
        self.name = name
        self.path = path.join(directory, name)

    def is_dir(self):
        return path.isdir(self.path)

    def is_file(self):
        return path.isfile(self.path)

    def is_symlink(self):
        return path.islink(self.path)

    def stat(self):
        return stat(self.path)

    def __repr__(self):
        return '<DirEntry %r>' % self.name


class _ScandirIterator:
    def __init__(self, directory):
        self._entries = [DirEntry(directory, n) for n in listdir(directory)]
        self._index = 0

    def __iter__(self):
        return self

    def __next__(self):
        if self._index >= len(self._entries):
            raise StopIteration
        self._index += 1
        return self._entries[self._index - 1]

    def __enter__(self):
        return self

    def __exit__(self, *args):
        pass

    def close(self):
        pass


def scandir(directory='.'):
    return _ScandirIterator(directory)


def walk(top, topdown=True, onerror=None, followlinks=False):
    try:
        names = listdir(top)
    except OSError as error:
        if onerror is not None:
            onerror(error)
        return
    dirs = []
    nondirs = []
    for entry in names:
        if path.isdir(path.join(top, entry)):
            dirs.append(entry)
        else:
            nondirs.append(entry)
    if topdown:
        yield top, dirs, nondirs
    for d in dirs:
        new_path = path.join(top, d)
        if followlinks or not path.islink(new_path):
            for item in walk(new_path, topdown, onerror, followlinks):
                yield item
    if not topdown:
        yield top, dirs, nondirs


class terminal_size(tuple):
    columns = property(lambda self: self[0])
    lines = property(lambda self: self[1])


def get_terminal_size(fd=1):
    columns = int(environ.get('COLUMNS', 80))
    lines = int(environ.get('LINES', 24))
    return terminal_size((columns, lines))


def urandom(n):
    raise NotImplementedError("os.urandom() needs bytes, which are not supported yet")
