"""Binary search over sorted sequences, and insertion keeping them sorted."""

__all__ = ["bisect", "bisect_left", "bisect_right", "insort", "insort_left", "insort_right"]


def _bounds(a, lo, hi):
    if lo < 0:
        raise ValueError("lo must be non-negative")
    if hi is None:
        hi = len(a)
    return lo, hi


def bisect_right(a, x, lo=0, hi=None, *, key=None):
    """The index after every item of ``a[lo:hi]`` that is <= x."""
    lo, hi = _bounds(a, lo, hi)
    if key is None:
        while lo < hi:
            mid = (lo + hi) // 2
            if x < a[mid]:
                hi = mid
            else:
                lo = mid + 1
    else:
        while lo < hi:
            mid = (lo + hi) // 2
            if x < key(a[mid]):
                hi = mid
            else:
                lo = mid + 1
    return lo


def bisect_left(a, x, lo=0, hi=None, *, key=None):
    """The index before every item of ``a[lo:hi]`` that is >= x."""
    lo, hi = _bounds(a, lo, hi)
    if key is None:
        while lo < hi:
            mid = (lo + hi) // 2
            if a[mid] < x:
                lo = mid + 1
            else:
                hi = mid
    else:
        while lo < hi:
            mid = (lo + hi) // 2
            if key(a[mid]) < x:
                lo = mid + 1
            else:
                hi = mid
    return lo


def insort_right(a, x, lo=0, hi=None, *, key=None):
    """Inserts x after any equal items, keeping ``a`` sorted."""
    if key is None:
        position = bisect_right(a, x, lo, hi)
    else:
        position = bisect_right(a, key(x), lo, hi, key=key)
    a.insert(position, x)


def insort_left(a, x, lo=0, hi=None, *, key=None):
    """Inserts x before any equal items, keeping ``a`` sorted."""
    if key is None:
        position = bisect_left(a, x, lo, hi)
    else:
        position = bisect_left(a, key(x), lo, hi, key=key)
    a.insert(position, x)


bisect = bisect_right
insort = insort_right
