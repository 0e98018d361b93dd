"""Module docstring."""


def f():
    """Function docstring."""


class C:
    """Class docstring."""


print(__doc__, f.__doc__, C.__doc__)
assert False, "assertion ran"
