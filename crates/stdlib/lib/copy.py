"""Shallow and deep copies: ``copy``, ``deepcopy`` (with a memo, so shared
and cyclic structure is preserved), honouring ``__copy__``,
``__deepcopy__`` and ``__reduce_ex__``."""

__all__ = ["Error", "copy", "deepcopy"]


class Error(Exception):
    pass


error = Error

# A set: `cls in _atomic` runs for every object copied.
_atomic = frozenset({type(None), int, float, bool, complex, str, type, range, type(len),
                     type(lambda: None), type(Ellipsis), type(NotImplemented), property})


def copy(x):
    """A shallow copy of x."""
    cls = type(x)
    if cls in _atomic or isinstance(x, type):
        return x
    if cls in (list, dict, set):
        return cls.copy(x)
    if cls in (tuple, frozenset):
        return x
    method = getattr(cls, "__copy__", None)
    if method is not None:
        return method(x)
    return _reconstruct(x, None, *_reduce(x))


def _reduce(x):
    reductor = getattr(x, "__reduce_ex__", None)
    if reductor is not None:
        rv = reductor(4)
    else:
        reductor = getattr(x, "__reduce__", None)
        if reductor is None:
            raise Error("un(shallow)copyable object of type %s" % type(x))
        rv = reductor()
    if isinstance(rv, str):
        raise Error("un(shallow)copyable object of type %s" % type(x))
    return rv


def deepcopy(x, memo=None, _nil=[]):
    """A deep copy of x; ``memo`` maps ids of copied objects to copies."""
    if memo is None:
        memo = {}
    d = id(x)
    y = memo.get(d, _nil)
    if y is not _nil:
        return y
    cls = type(x)
    if cls in _atomic or isinstance(x, type):
        return x
    if cls is list:
        y = []
        memo[d] = y
        for item in x:
            y.append(deepcopy(item, memo))
    elif cls is dict:
        y = {}
        memo[d] = y
        for key, value in x.items():
            y[deepcopy(key, memo)] = deepcopy(value, memo)
    elif cls is tuple:
        items = [deepcopy(item, memo) for item in x]
        # A tuple that refers to itself was copied while copying its items.
        if d in memo:
            return memo[d]
        same = all(a is b for a, b in zip(items, x))
        y = x if same else tuple(items)
    elif cls in (set, frozenset):
        y = cls(deepcopy(item, memo) for item in x)
    else:
        copier = getattr(x, "__deepcopy__", None)
        if copier is not None:
            y = copier(memo)
        else:
            y = _reconstruct(x, memo, *_reduce(x))
    if y is not x:
        memo[d] = y
        _keep_alive(x, memo)
    return y


def _keep_alive(x, memo):
    try:
        memo[id(memo)].append(x)
    except KeyError:
        memo[id(memo)] = [x]


def _reconstruct(x, memo, func, args, state=None, listiter=None, dictiter=None, *rest):
    deep = memo is not None
    if deep and args:
        args = tuple(deepcopy(arg, memo) for arg in args)
    y = func(*args)
    if deep:
        memo[id(x)] = y
    if state is not None:
        if deep:
            state = deepcopy(state, memo)
        if hasattr(y, '__setstate__'):
            y.__setstate__(state)
        else:
            if isinstance(state, tuple) and len(state) == 2:
                state, slotstate = state
            else:
                slotstate = None
            if state is not None:
                y.__dict__.update(state)
            if slotstate is not None:
                for key, value in slotstate.items():
                    setattr(y, key, value)
    if listiter is not None:
        for item in listiter:
            if deep:
                item = deepcopy(item, memo)
            y.append(item)
    if dictiter is not None:
        for key, value in dictiter:
            if deep:
                key = deepcopy(key, memo)
                value = deepcopy(value, memo)
            y[key] = value
    return y
