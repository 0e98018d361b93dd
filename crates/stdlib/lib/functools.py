"""Higher-order functions: ``reduce``, ``partial``, ``lru_cache``/``cache``,
``wraps``, ``total_ordering``, ``cmp_to_key``, ``cached_property``,
``singledispatch``."""

__all__ = ['update_wrapper', 'wraps', 'WRAPPER_ASSIGNMENTS', 'WRAPPER_UPDATES',
           'total_ordering', 'cache', 'cmp_to_key', 'lru_cache', 'reduce',
           'partial', 'partialmethod', 'singledispatch', 'singledispatchmethod',
           'cached_property']

WRAPPER_ASSIGNMENTS = ('__module__', '__name__', '__qualname__', '__doc__',
                       '__annotations__')
WRAPPER_UPDATES = ('__dict__',)

_missing = object()


def update_wrapper(wrapper, wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """Makes ``wrapper`` look like ``wrapped`` (name, docstring, ...)."""
    for attr in assigned:
        try:
            value = getattr(wrapped, attr)
        except AttributeError:
            pass
        else:
            setattr(wrapper, attr, value)
    for attr in updated:
        getattr(wrapper, attr).update(getattr(wrapped, attr, {}))
    wrapper.__wrapped__ = wrapped
    return wrapper


def wraps(wrapped, assigned=WRAPPER_ASSIGNMENTS, updated=WRAPPER_UPDATES):
    """A decorator applying ``update_wrapper`` with ``wrapped``."""
    return partial(update_wrapper, wrapped=wrapped, assigned=assigned, updated=updated)


def reduce(function, sequence, *initial):
    """Folds ``sequence`` from the left with a two-argument function."""
    if len(initial) > 1:
        raise TypeError('reduce expected at most 3 arguments, got %d' % (2 + len(initial)))
    iterator = iter(sequence)
    if initial:
        value = initial[0]
    else:
        value = _missing
        for value in iterator:
            break
        if value is _missing:
            raise TypeError('reduce() of empty iterable with no initial value')
    for element in iterator:
        value = function(value, element)
    return value


class partial:
    """``partial(f, *args, **kw)(*more, **more_kw)`` is
    ``f(*args, *more, **{**kw, **more_kw})``."""

    __slots__ = ('func', 'args', 'keywords', '__dict__')

    def __new__(cls, func, /, *args, **keywords):
        if not callable(func):
            raise TypeError('the first argument must be callable')
        if isinstance(func, partial):
            args = func.args + args
            keywords = {**func.keywords, **keywords}
            func = func.func
        self = object.__new__(cls)
        self.func = func
        self.args = args
        self.keywords = keywords
        return self

    def __call__(self, /, *args, **keywords):
        keywords = {**self.keywords, **keywords}
        return self.func(*self.args, *args, **keywords)

    def __repr__(self):
        parts = [repr(self.func)]
        parts.extend(repr(a) for a in self.args)
        parts.extend('%s=%r' % (k, v) for k, v in self.keywords.items())
        name = type(self).__qualname__
        if type(self) is partial:
            name = 'functools.partial'
        return '%s(%s)' % (name, ', '.join(parts))

    def __get__(self, obj, objtype=None):
        return self


class partialmethod:
    """Like ``partial``, for methods: the instance comes first."""

    def __init__(self, func, /, *args, **keywords):
        self.func = func
        self.args = args
        self.keywords = keywords

    def __get__(self, obj, cls=None):
        if obj is None:
            return self
        func = self.func
        args = self.args
        keywords = self.keywords

        def method(*more, **more_keywords):
            return func(obj, *args, *more, **{**keywords, **more_keywords})
        return method


class _CacheInfo(tuple):
    __slots__ = ()

    def __new__(cls, hits, misses, maxsize, currsize):
        return tuple.__new__(cls, (hits, misses, maxsize, currsize))

    hits = property(lambda self: self[0])
    misses = property(lambda self: self[1])
    maxsize = property(lambda self: self[2])
    currsize = property(lambda self: self[3])

    def __repr__(self):
        return 'CacheInfo(hits=%r, misses=%r, maxsize=%r, currsize=%r)' % tuple(self)


_keyword_mark = object()


def _make_key(args, kwds, typed):
    key = args
    if kwds:
        key = key + (_keyword_mark,) + tuple(kwds.items())
    if typed:
        key = key + tuple(type(v) for v in args)
        if kwds:
            key = key + tuple(type(v) for v in kwds.values())
    return key


def _lru_wrapper(user_function, maxsize, typed):
    cache = {}
    stats = [0, 0]  # hits, misses

    if maxsize == 0:
        def wrapper(*args, **kwds):
            stats[1] += 1
            return user_function(*args, **kwds)
    elif maxsize is None:
        def wrapper(*args, **kwds):
            key = _make_key(args, kwds, typed)
            result = cache.get(key, _missing)
            if result is not _missing:
                stats[0] += 1
                return result
            stats[1] += 1
            result = user_function(*args, **kwds)
            cache[key] = result
            return result
    else:
        def wrapper(*args, **kwds):
            key = _make_key(args, kwds, typed)
            result = cache.get(key, _missing)
            if result is not _missing:
                # Most recently used goes last.
                del cache[key]
                cache[key] = result
                stats[0] += 1
                return result
            stats[1] += 1
            result = user_function(*args, **kwds)
            if key in cache:
                return result
            if len(cache) >= maxsize:
                del cache[next(iter(cache))]
            cache[key] = result
            return result

    def cache_info():
        return _CacheInfo(stats[0], stats[1], maxsize, len(cache))

    def cache_clear():
        cache.clear()
        stats[0] = stats[1] = 0

    wrapper.cache_info = cache_info
    wrapper.cache_clear = cache_clear
    wrapper.cache_parameters = lambda: {'maxsize': maxsize, 'typed': typed}
    return update_wrapper(wrapper, user_function)


def lru_cache(maxsize=128, typed=False):
    """Caches a function's results by its arguments, keeping the
    ``maxsize`` most recently used (all when ``maxsize`` is None)."""
    if isinstance(maxsize, int) and not isinstance(maxsize, bool):
        if maxsize < 0:
            maxsize = 0
    elif callable(maxsize) and isinstance(typed, bool):
        user_function, maxsize = maxsize, 128
        return _lru_wrapper(user_function, maxsize, typed)
    elif maxsize is not None:
        raise TypeError('Expected first argument to be an integer, a callable, or None')

    def decorating_function(user_function):
        return _lru_wrapper(user_function, maxsize, typed)
    return decorating_function


def cache(user_function, /):
    """An unbounded ``lru_cache``."""
    return lru_cache(maxsize=None)(user_function)


_ORDER_CONVERSIONS = {
    '__lt__': [('__gt__', lambda self, other: _flip(self.__lt__(other), self, other, True)),
               ('__le__', lambda self, other: _or_equal(self.__lt__(other), self, other)),
               ('__ge__', lambda self, other: _not(self.__lt__(other)))],
    '__le__': [('__ge__', lambda self, other: _flip_or_equal(self.__le__(other), self, other)),
               ('__lt__', lambda self, other: _and_not_equal(self.__le__(other), self, other)),
               ('__gt__', lambda self, other: _not(self.__le__(other)))],
    '__gt__': [('__lt__', lambda self, other: _flip(self.__gt__(other), self, other, True)),
               ('__ge__', lambda self, other: _or_equal(self.__gt__(other), self, other)),
               ('__le__', lambda self, other: _not(self.__gt__(other)))],
    '__ge__': [('__le__', lambda self, other: _flip_or_equal(self.__ge__(other), self, other)),
               ('__gt__', lambda self, other: _and_not_equal(self.__ge__(other), self, other)),
               ('__lt__', lambda self, other: _not(self.__ge__(other)))],
}


def _not(result):
    if result is NotImplemented:
        return result
    return not result


def _flip(result, self, other, _):
    # a > b  is  not (a < b) and a != b
    if result is NotImplemented:
        return result
    return not result and self != other


def _or_equal(result, self, other):
    if result is NotImplemented:
        return result
    return result or self == other


def _flip_or_equal(result, self, other):
    # a >= b  is  not (a <= b) or a == b
    if result is NotImplemented:
        return result
    return not result or self == other


def _and_not_equal(result, self, other):
    if result is NotImplemented:
        return result
    return result and self != other


def total_ordering(cls):
    """Fills in the missing rich comparisons from one of them and ``__eq__``."""
    roots = {op for op in _ORDER_CONVERSIONS
             if getattr(cls, op, None) is not getattr(object, op, None)}
    if not roots:
        raise ValueError('must define at least one ordering operation: < > <= >=')
    root = max(roots)
    for name, function in _ORDER_CONVERSIONS[root]:
        if name not in roots:
            function.__name__ = name
            setattr(cls, name, function)
    return cls


def cmp_to_key(mycmp):
    """A key class ordering objects by the old-style ``mycmp(a, b)``."""
    class K(object):
        __slots__ = ['obj']

        def __init__(self, obj):
            self.obj = obj

        def __lt__(self, other):
            return mycmp(self.obj, other.obj) < 0

        def __gt__(self, other):
            return mycmp(self.obj, other.obj) > 0

        def __eq__(self, other):
            return mycmp(self.obj, other.obj) == 0

        def __le__(self, other):
            return mycmp(self.obj, other.obj) <= 0

        def __ge__(self, other):
            return mycmp(self.obj, other.obj) >= 0

        __hash__ = None
    return K


class cached_property:
    """A property computed once per instance, then stored in its
    ``__dict__``."""

    def __init__(self, func):
        self.func = func
        self.attrname = None
        self.__doc__ = func.__doc__

    def __set_name__(self, owner, name):
        if self.attrname is None:
            self.attrname = name
        elif name != self.attrname:
            raise TypeError(
                "Cannot assign the same cached_property to two different names "
                "(%r and %r)." % (self.attrname, name))

    def __get__(self, instance, owner=None):
        if instance is None:
            return self
        if self.attrname is None:
            raise TypeError(
                "Cannot use cached_property instance without calling __set_name__ on it.")
        cache = instance.__dict__
        value = cache.get(self.attrname, _missing)
        if value is _missing:
            value = self.func(instance)
            cache[self.attrname] = value
        return value


def singledispatch(func):
    """A function that dispatches on the type of its first argument."""
    registry = {object: func}

    def dispatch(cls):
        for base in cls.__mro__:
            if base in registry:
                return registry[base]
        return func

    def register(cls, function=None):
        if function is None:
            if isinstance(cls, type):
                return lambda f: register(cls, f)
            annotations = getattr(cls, '__annotations__', {})
            function = cls
            for value in annotations.values():
                cls = value
                break
            else:
                raise TypeError('Invalid first argument to `register()`: %r' % (function,))
        registry[cls] = function
        return function

    def wrapper(*args, **kw):
        if not args:
            raise TypeError('%s requires at least 1 positional argument' % func.__name__)
        return dispatch(args[0].__class__)(*args, **kw)

    wrapper.register = register
    wrapper.dispatch = dispatch
    wrapper.registry = registry
    update_wrapper(wrapper, func)
    return wrapper


class singledispatchmethod:
    """``singledispatch`` for methods: dispatches on the first argument
    after ``self``."""

    def __init__(self, func):
        self.dispatcher = singledispatch(func)
        self.func = func

    def register(self, cls, method=None):
        return self.dispatcher.register(cls, method)

    def __get__(self, obj, cls=None):
        dispatcher = self.dispatcher

        def method(*args, **kwargs):
            return dispatcher.dispatch(args[0].__class__).__get__(obj, cls)(*args, **kwargs)
        return method
