"""Iterator building blocks, with the results (and the order of results)
of CPython's ``itertools``."""

__all__ = ['accumulate', 'chain', 'combinations', 'combinations_with_replacement',
           'compress', 'count', 'cycle', 'dropwhile', 'filterfalse', 'groupby',
           'islice', 'pairwise', 'permutations', 'product', 'repeat', 'starmap',
           'takewhile', 'tee', 'zip_longest']

_sentinel = object()


class count:
    """``count(start=0, step=1)``: start, start+step, start+2*step, ..."""

    def __init__(self, start=0, step=1):
        for value in (start, step):
            if not isinstance(value, (int, float, complex)) and not hasattr(value, '__add__'):
                raise TypeError('a number is required')
        self._next = start
        self._step = step

    def __iter__(self):
        return self

    def __next__(self):
        value = self._next
        self._next = value + self._step
        return value

    def __repr__(self):
        if self._step == 1 and type(self._step) is int:
            return 'count(%r)' % (self._next,)
        return 'count(%r, %r)' % (self._next, self._step)


class repeat:
    """``repeat(object[, times])``: the object, forever or ``times`` times."""

    def __init__(self, object, times=None):
        self._object = object
        if times is not None:
            if not isinstance(times, int):
                raise TypeError("'%s' object cannot be interpreted as an integer"
                                % type(times).__name__)
            times = max(times, 0)
        self._remaining = times

    def __iter__(self):
        return self

    def __next__(self):
        if self._remaining is None:
            return self._object
        if self._remaining <= 0:
            raise StopIteration
        self._remaining -= 1
        return self._object

    def __length_hint__(self):
        if self._remaining is None:
            raise TypeError('len() of unsized object')
        return self._remaining

    def __repr__(self):
        if self._remaining is None:
            return 'repeat(%r)' % (self._object,)
        return 'repeat(%r, %d)' % (self._object, self._remaining)


def cycle(iterable):
    saved = []
    for element in iterable:
        yield element
        saved.append(element)
    while saved:
        for element in saved:
            yield element


def accumulate(iterable, func=None, *, initial=None):
    iterator = iter(iterable)
    total = initial
    if initial is None:
        for total in iterator:
            break
        else:
            return
    yield total
    if func is None:
        for element in iterator:
            total = total + element
            yield total
    else:
        for element in iterator:
            total = func(total, element)
            yield total


class chain:
    """``chain(*iterables)``: the items of each iterable in turn."""

    def __init__(self, *iterables):
        self._sources = iter(iterables)
        self._current = None

    @classmethod
    def from_iterable(cls, iterables):
        result = cls()
        result._sources = iter(iterables)
        return result

    def __iter__(self):
        return self

    def __next__(self):
        while True:
            if self._current is None:
                self._current = iter(next(self._sources))
            for value in self._current:
                return value
            self._current = None


def compress(data, selectors):
    for d, s in zip(data, selectors):
        if s:
            yield d


def dropwhile(predicate, iterable):
    iterator = iter(iterable)
    for x in iterator:
        if not predicate(x):
            yield x
            break
    for x in iterator:
        yield x


def takewhile(predicate, iterable):
    for x in iterable:
        if predicate(x):
            yield x
        else:
            break


def filterfalse(predicate, iterable):
    if predicate is None:
        predicate = bool
    for x in iterable:
        if not predicate(x):
            yield x


class groupby:
    """``groupby(iterable, key=None)``: (key, group iterator) for each run
    of consecutive items with equal keys."""

    def __init__(self, iterable, key=None):
        self._keyfunc = key
        self._iterator = iter(iterable)
        self._have = False
        self._target = _sentinel
        self._owner = 0

    def __iter__(self):
        return self

    def _advance(self):
        self._value = next(self._iterator)
        self._key = self._value if self._keyfunc is None else self._keyfunc(self._value)
        self._have = True

    def __next__(self):
        self._owner += 1
        if not self._have:
            self._advance()
        if self._target is not _sentinel:
            while self._key == self._target:
                self._advance()
        self._target = self._key
        return self._key, self._group(self._key, self._owner)

    def _group(self, target, owner):
        while self._owner == owner and self._have and self._key == target:
            yield self._value
            try:
                self._advance()
            except StopIteration:
                self._have = False
                return


def islice(iterable, *args):
    """``islice(iterable, stop)`` or ``islice(iterable, start, stop[, step])``."""
    s = slice(*args)
    start, stop, step = s.start or 0, s.stop, 1 if s.step is None else s.step
    for name, value in (('Indices', start), ('Stop argument', stop)):
        if value is not None and (not isinstance(value, int) or value < 0):
            if name == 'Indices':
                raise ValueError('Indices for islice() must be None or an integer: '
                                 '0 <= x <= sys.maxsize.')
            raise ValueError('Stop argument for islice() must be None or an integer: '
                             '0 <= x <= sys.maxsize.')
    if not isinstance(step, int) or step <= 0:
        raise ValueError('Step for islice() must be a positive integer or None.')
    return _islice(iter(iterable), start, stop, step)


def _islice(iterator, start, stop, step):
    index = 0
    next_index = start
    if stop is not None and next_index >= stop:
        for _ in zip(range(stop), iterator):
            pass
        return
    for element in iterator:
        if index == next_index:
            yield element
            next_index += step
            if stop is not None and next_index >= stop:
                # Consume up to stop, as CPython does.
                for _ in zip(range(stop - index - 1), iterator):
                    pass
                return
        index += 1


def pairwise(iterable):
    iterator = iter(iterable)
    for a in iterator:
        for b in iterator:
            yield a, b
            a = b
        return


def starmap(function, iterable):
    for args in iterable:
        yield function(*args)


class _TeeBuffer:
    def __init__(self, iterator):
        self.iterator = iterator
        self.items = []
        self.start = 0
        self.positions = []


class _Tee:
    def __init__(self, buffer, position):
        self._buffer = buffer
        self._position = position

    def __iter__(self):
        return self

    def __next__(self):
        buffer = self._buffer
        offset = self._position - buffer.start
        if offset >= len(buffer.items):
            value = next(buffer.iterator)
            buffer.items.append(value)
        value = buffer.items[offset]
        self._position += 1
        return value

    def __copy__(self):
        return _Tee(self._buffer, self._position)


def tee(iterable, n=2):
    if not isinstance(n, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(n).__name__)
    if n < 0:
        raise ValueError('n must be >= 0')
    if n == 0:
        return ()
    if isinstance(iterable, _Tee):
        return tuple([iterable] + [iterable.__copy__() for _ in range(n - 1)])
    buffer = _TeeBuffer(iter(iterable))
    return tuple(_Tee(buffer, 0) for _ in range(n))


def zip_longest(*iterables, fillvalue=None):
    iterators = [iter(it) for it in iterables]
    active = len(iterators)
    if not active:
        return
    while True:
        values = []
        for i, it in enumerate(iterators):
            try:
                value = next(it)
            except StopIteration:
                active -= 1
                if not active:
                    return
                iterators[i] = repeat(fillvalue)
                value = fillvalue
            values.append(value)
        yield tuple(values)


def product(*iterables, repeat=1):
    if not isinstance(repeat, int):
        raise TypeError("'%s' object cannot be interpreted as an integer" % type(repeat).__name__)
    if repeat < 0:
        raise ValueError('repeat argument cannot be negative')
    pools = [tuple(pool) for pool in iterables] * repeat
    result = [()]
    for pool in pools:
        result = [x + (y,) for x in result for y in pool]
    for prod in result:
        yield prod


def permutations(iterable, r=None):
    pool = tuple(iterable)
    n = len(pool)
    r = n if r is None else r
    if r < 0:
        raise ValueError('r must be non-negative')
    if r > n:
        return
    indices = list(range(n))
    cycles = list(range(n, n - r, -1))
    yield tuple(pool[i] for i in indices[:r])
    while n:
        for i in range(r - 1, -1, -1):
            cycles[i] -= 1
            if cycles[i] == 0:
                indices[i:] = indices[i + 1:] + indices[i:i + 1]
                cycles[i] = n - i
            else:
                j = cycles[i]
                indices[i], indices[-j] = indices[-j], indices[i]
                yield tuple(pool[i] for i in indices[:r])
                break
        else:
            return


def combinations(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    if r < 0:
        raise ValueError('r must be non-negative')
    if r > n:
        return
    indices = list(range(r))
    yield tuple(pool[i] for i in indices)
    while True:
        for i in range(r - 1, -1, -1):
            if indices[i] != i + n - r:
                break
        else:
            return
        indices[i] += 1
        for j in range(i + 1, r):
            indices[j] = indices[j - 1] + 1
        yield tuple(pool[i] for i in indices)


def combinations_with_replacement(iterable, r):
    pool = tuple(iterable)
    n = len(pool)
    if r < 0:
        raise ValueError('r must be non-negative')
    if not n and r:
        return
    indices = [0] * r
    yield tuple(pool[i] for i in indices)
    while True:
        for i in range(r - 1, -1, -1):
            if indices[i] != n - 1:
                break
        else:
            return
        indices[i:] = [indices[i] + 1] * (r - i)
        yield tuple(pool[i] for i in indices)
