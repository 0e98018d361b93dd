"""``importlib.import_module`` and ``reload``."""

import sys

__all__ = ["import_module", "reload", "invalidate_caches"]


def import_module(name, package=None):
    """Imports a module by name (``.name`` relative to ``package``) and
    returns it (the module itself, not its top-level package)."""
    level = 0
    if name.startswith('.'):
        if not package:
            raise TypeError("the 'package' argument is required to perform a "
                            "relative import for {!r}".format(name))
        for character in name:
            if character != '.':
                break
            level += 1
        absolute_package = package
        for _ in range(level - 1):
            absolute_package = absolute_package.rpartition('.')[0]
        name = name[level:]
        full = absolute_package + ('.' + name if name else '')
    else:
        full = name
    __import__(full)
    return sys.modules[full]


def reload(module):
    name = module.__name__
    del sys.modules[name]
    __import__(name)
    return sys.modules[name]


def invalidate_caches():
    pass
