"""Type hints at run time: every common name is importable and can be
subscripted (``List[int]``, ``Optional[str]``, ``Generic[T]``); the
results only describe types — nothing is checked."""

import collections
import collections.abc
import sys
import types

__all__ = [
    'Annotated', 'Any', 'Callable', 'ClassVar', 'Concatenate', 'Final',
    'ForwardRef', 'Generic', 'Literal', 'Optional', 'ParamSpec', 'Protocol',
    'Tuple', 'Type', 'TypeVar', 'TypeVarTuple', 'Union', 'AbstractSet',
    'ByteString', 'Container', 'ContextManager', 'Hashable', 'ItemsView',
    'Iterable', 'Iterator', 'KeysView', 'Mapping', 'MappingView',
    'MutableMapping', 'MutableSequence', 'MutableSet', 'Sequence', 'Sized',
    'ValuesView', 'Awaitable', 'AsyncIterator', 'AsyncIterable', 'Coroutine',
    'Collection', 'AsyncGenerator', 'AsyncContextManager', 'Reversible',
    'SupportsAbs', 'SupportsBytes', 'SupportsComplex', 'SupportsFloat',
    'SupportsIndex', 'SupportsInt', 'SupportsRound', 'ChainMap', 'Counter',
    'Deque', 'Dict', 'DefaultDict', 'List', 'OrderedDict', 'Set', 'FrozenSet',
    'NamedTuple', 'TypedDict', 'Generator', 'BinaryIO', 'IO', 'Match',
    'Pattern', 'TextIO', 'AnyStr', 'assert_never', 'assert_type', 'cast',
    'dataclass_transform', 'final', 'get_args', 'get_origin',
    'get_overloads', 'get_type_hints', 'is_typeddict', 'LiteralString',
    'Never', 'NewType', 'no_type_check', 'no_type_check_decorator',
    'NoReturn', 'NotRequired', 'overload', 'ParamSpecArgs', 'ParamSpecKwargs',
    'Required', 'reveal_type', 'runtime_checkable', 'Self', 'Text',
    'TYPE_CHECKING', 'TypeAlias', 'TypeGuard', 'Unpack',
]

TYPE_CHECKING = False


def _type_repr(obj):
    if isinstance(obj, type):
        if obj.__module__ == 'builtins':
            return obj.__qualname__
        return '%s.%s' % (obj.__module__, obj.__qualname__)
    if obj is ...:
        return '...'
    if isinstance(obj, types.FunctionType):
        return obj.__name__
    return repr(obj)


class _Final:
    __slots__ = ()


class _GenericAlias(_Final):
    """``List[int]``: an origin with arguments."""

    def __init__(self, origin, args, name=None):
        self.__origin__ = origin
        self.__args__ = args if isinstance(args, tuple) else (args,)
        self._name = name
        self.__parameters__ = tuple(a for a in self.__args__ if isinstance(a, TypeVar))

    def __repr__(self):
        name = 'typing.' + self._name if self._name else _type_repr(self.__origin__)
        if not self.__args__:
            return name + '[()]'
        return '%s[%s]' % (name, ', '.join(_type_repr(a) for a in self.__args__))

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _GenericAlias(self.__origin__, params, self._name)

    def __call__(self, *args, **kwargs):
        result = self.__origin__(*args, **kwargs)
        try:
            result.__orig_class__ = self
        except Exception:
            pass
        return result

    def __mro_entries__(self, bases):
        origin = self.__origin__
        if isinstance(origin, type):
            if origin is Generic or any(isinstance(b, _GenericAlias) and b.__origin__ is Generic
                                        for b in bases if b is not self):
                return (origin,) if origin is not Generic else (Generic,)
            return (origin,)
        return ()

    def __eq__(self, other):
        if not isinstance(other, _GenericAlias):
            return NotImplemented
        return self.__origin__ == other.__origin__ and self.__args__ == other.__args__

    def __hash__(self):
        return hash((self.__origin__, self.__args__))

    def __instancecheck__(self, obj):
        raise TypeError('Subscripted generics cannot be used with class and instance checks')

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __getattr__(self, attr):
        if attr.startswith('__') and attr.endswith('__'):
            raise AttributeError(attr)
        return getattr(self.__origin__, attr)


class _SpecialGenericAlias(_GenericAlias):
    """``typing.List`` before subscripting."""

    def __init__(self, origin, name, nparams=-1):
        super().__init__(origin, (), name)
        self._nparams = nparams

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _GenericAlias(self.__origin__, params, self._name)

    def __instancecheck__(self, obj):
        return isinstance(obj, self.__origin__)

    def __subclasscheck__(self, cls):
        return issubclass(cls, self.__origin__)


class _SpecialForm(_Final):
    """``Any``, ``Union``, ``Optional``, ``ClassVar``...: names with a
    meaning for type checkers."""

    def __init__(self, name, getitem=None):
        self._name = name
        self._getitem = getitem

    def __repr__(self):
        return 'typing.' + self._name

    def __getitem__(self, parameters):
        if self._getitem is None:
            raise TypeError('%s is not subscriptable' % self)
        return self._getitem(self, parameters)

    def __call__(self, *args, **kwds):
        raise TypeError('Cannot instantiate %r' % self)

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]

    def __instancecheck__(self, obj):
        raise TypeError('%s cannot be used with isinstance()' % self)

    def __reduce__(self):
        return self._name


class _UnionGenericAlias(_GenericAlias):
    def __repr__(self):
        args = self.__args__
        if len(args) == 2 and type(None) in args:
            other = args[0] if args[1] is type(None) else args[1]
            return 'typing.Optional[%s]' % _type_repr(other)
        return 'typing.Union[%s]' % ', '.join(_type_repr(a) for a in args)

    def __instancecheck__(self, obj):
        return any(isinstance(obj, a) for a in self.__args__ if isinstance(a, type))


def _flatten_union(parameters):
    result = []
    for p in parameters:
        if isinstance(p, _UnionGenericAlias):
            items = p.__args__
        else:
            items = (p,)
        for item in items:
            if item is None:
                item = type(None)
            if item not in result:
                result.append(item)
    return tuple(result)


def _union(self, parameters):
    if parameters == ():
        raise TypeError('Cannot take a Union of no types.')
    if not isinstance(parameters, tuple):
        parameters = (parameters,)
    parameters = _flatten_union(parameters)
    if len(parameters) == 1:
        return parameters[0]
    return _UnionGenericAlias(Union, parameters, 'Union')


def _optional(self, parameter):
    return Union[parameter, None]


def _wrapping_form(self, parameters):
    return _GenericAlias(self, parameters, self._name)


Any = _SpecialForm('Any')
NoReturn = _SpecialForm('NoReturn')
Never = _SpecialForm('Never')
Self = _SpecialForm('Self')
LiteralString = _SpecialForm('LiteralString')
TypeAlias = _SpecialForm('TypeAlias')
Union = _SpecialForm('Union', _union)
Optional = _SpecialForm('Optional', _optional)
ClassVar = _SpecialForm('ClassVar', _wrapping_form)
Final = _SpecialForm('Final', _wrapping_form)
Literal = _SpecialForm('Literal', _wrapping_form)
TypeGuard = _SpecialForm('TypeGuard', _wrapping_form)
Required = _SpecialForm('Required', _wrapping_form)
NotRequired = _SpecialForm('NotRequired', _wrapping_form)
Unpack = _SpecialForm('Unpack', _wrapping_form)
Concatenate = _SpecialForm('Concatenate', _wrapping_form)
Annotated = _SpecialForm('Annotated', lambda self, params: params[0] if isinstance(params, tuple) else params)


class TypeVar(_Final):
    """A type variable: ``T = TypeVar('T')``."""

    def __init__(self, name, *constraints, bound=None, covariant=False,
                 contravariant=False, infer_variance=False):
        self.__name__ = name
        self.__constraints__ = constraints
        self.__bound__ = bound
        self.__covariant__ = covariant
        self.__contravariant__ = contravariant

    def __repr__(self):
        prefix = '+' if self.__covariant__ else '-' if self.__contravariant__ else '~'
        return prefix + self.__name__

    def __or__(self, other):
        return Union[self, other]

    def __ror__(self, other):
        return Union[other, self]


class TypeVarTuple(_Final):
    def __init__(self, name):
        self.__name__ = name

    def __repr__(self):
        return self.__name__


class ParamSpecArgs(_Final):
    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return '%s.args' % self.__origin__.__name__


class ParamSpecKwargs(_Final):
    def __init__(self, origin):
        self.__origin__ = origin

    def __repr__(self):
        return '%s.kwargs' % self.__origin__.__name__


class ParamSpec(_Final):
    def __init__(self, name, *, bound=None, covariant=False, contravariant=False):
        self.__name__ = name
        self.args = ParamSpecArgs(self)
        self.kwargs = ParamSpecKwargs(self)

    def __repr__(self):
        return '~' + self.__name__


AnyStr = TypeVar('AnyStr', bytes if False else str, str)


class Generic:
    """The base of generic classes: ``class Box(Generic[T])``."""
    __slots__ = ()

    def __class_getitem__(cls, params):
        if not isinstance(params, tuple):
            params = (params,)
        return _GenericAlias(cls, params)

    def __init_subclass__(cls, *args, **kwargs):
        super().__init_subclass__(*args, **kwargs)


class Protocol(Generic):
    """A base for structural types (``runtime_checkable`` protocols can be
    used with ``isinstance``)."""
    __slots__ = ()
    _is_protocol = True


def runtime_checkable(cls):
    return cls


def _alias(origin, name, nparams=-1):
    return _SpecialGenericAlias(origin, name, nparams)


Hashable = _alias(collections.abc.Hashable, 'Hashable', 0)
Awaitable = _alias(collections.abc.Awaitable, 'Awaitable', 1)
Coroutine = _alias(collections.abc.Coroutine, 'Coroutine', 3)
AsyncIterable = _alias(collections.abc.AsyncIterable, 'AsyncIterable', 1)
AsyncIterator = _alias(collections.abc.AsyncIterator, 'AsyncIterator', 1)
Iterable = _alias(collections.abc.Iterable, 'Iterable', 1)
Iterator = _alias(collections.abc.Iterator, 'Iterator', 1)
Reversible = _alias(collections.abc.Reversible, 'Reversible', 1)
Sized = _alias(collections.abc.Sized, 'Sized', 0)
Container = _alias(collections.abc.Container, 'Container', 1)
Collection = _alias(collections.abc.Collection, 'Collection', 1)
Callable = _alias(collections.abc.Callable, 'Callable', 2)
AbstractSet = _alias(collections.abc.Set, 'AbstractSet', 1)
MutableSet = _alias(collections.abc.MutableSet, 'MutableSet', 1)
Mapping = _alias(collections.abc.Mapping, 'Mapping', 2)
MutableMapping = _alias(collections.abc.MutableMapping, 'MutableMapping', 2)
Sequence = _alias(collections.abc.Sequence, 'Sequence', 1)
MutableSequence = _alias(collections.abc.MutableSequence, 'MutableSequence', 1)
ByteString = _alias(collections.abc.ByteString, 'ByteString', 0)
Tuple = _alias(tuple, 'Tuple', -1)
List = _alias(list, 'List', 1)
Deque = _alias(collections.deque, 'Deque', 1)
Set = _alias(set, 'Set', 1)
FrozenSet = _alias(frozenset, 'FrozenSet', 1)
MappingView = _alias(collections.abc.MappingView, 'MappingView', 1)
KeysView = _alias(collections.abc.KeysView, 'KeysView', 1)
ItemsView = _alias(collections.abc.ItemsView, 'ItemsView', 2)
ValuesView = _alias(collections.abc.ValuesView, 'ValuesView', 1)
ContextManager = _alias(object, 'ContextManager', 1)
AsyncContextManager = _alias(object, 'AsyncContextManager', 1)
Dict = _alias(dict, 'Dict', 2)
DefaultDict = _alias(collections.defaultdict, 'DefaultDict', 2)
OrderedDict = _alias(collections.OrderedDict, 'OrderedDict', 2)
Counter = _alias(collections.Counter, 'Counter', 1)
ChainMap = _alias(collections.ChainMap, 'ChainMap', 2)
Generator = _alias(collections.abc.Generator, 'Generator', 3)
AsyncGenerator = _alias(collections.abc.AsyncGenerator, 'AsyncGenerator', 2)
Type = _alias(type, 'Type', 1)
Pattern = _alias(object, 'Pattern', 1)
Match = _alias(object, 'Match', 1)
Text = str


class SupportsInt(Protocol):
    __slots__ = ()


class SupportsFloat(Protocol):
    __slots__ = ()


class SupportsComplex(Protocol):
    __slots__ = ()


class SupportsBytes(Protocol):
    __slots__ = ()


class SupportsIndex(Protocol):
    __slots__ = ()


class SupportsAbs(Protocol):
    __slots__ = ()


class SupportsRound(Protocol):
    __slots__ = ()


class IO(Generic):
    __slots__ = ()


class TextIO(IO):
    __slots__ = ()


class BinaryIO(IO):
    __slots__ = ()


class ForwardRef(_Final):
    def __init__(self, arg, is_argument=True, module=None, *, is_class=False):
        self.__forward_arg__ = arg

    def __repr__(self):
        return 'ForwardRef(%r)' % (self.__forward_arg__,)


def cast(typ, val):
    """Returns ``val`` unchanged (a hint for type checkers)."""
    return val


def assert_type(val, typ, /):
    return val


def assert_never(arg, /):
    raise AssertionError('Expected code to be unreachable, but got: %r' % (arg,))


def reveal_type(obj, /):
    print('Runtime type is %r' % type(obj).__name__, file=sys.stderr)
    return obj


_overloads = {}


def overload(func):
    _overloads.setdefault(getattr(func, '__qualname__', None), []).append(func)

    def _overload_dummy(*args, **kwds):
        raise NotImplementedError(
            'You should not call an overloaded function. A series of @typing.overload-'
            'decorated functions outside a stub module should always be followed by an '
            'implementation that is not @typing.overload-ed.')
    return _overload_dummy


def get_overloads(func):
    return list(_overloads.get(getattr(func, '__qualname__', None), []))


def final(f):
    try:
        f.__final__ = True
    except (AttributeError, TypeError):
        pass
    return f


def no_type_check(arg):
    return arg


def no_type_check_decorator(decorator):
    return decorator


def dataclass_transform(**kwargs):
    return lambda cls: cls


def get_origin(tp):
    if isinstance(tp, _GenericAlias):
        origin = tp.__origin__
        return origin if not isinstance(origin, _SpecialForm) else origin
    if tp is Generic:
        return Generic
    return None


def get_args(tp):
    if isinstance(tp, _GenericAlias) and not isinstance(tp, _SpecialGenericAlias):
        return tp.__args__
    return ()


def get_type_hints(obj, globalns=None, localns=None, include_extras=False):
    hints = {}
    if isinstance(obj, type):
        for base in reversed(obj.__mro__):
            hints.update(base.__dict__.get('__annotations__', {}))
    else:
        hints.update(getattr(obj, '__annotations__', {}))
    return hints


def NewType(name, tp):
    def new_type(x):
        return x
    new_type.__name__ = name
    new_type.__qualname__ = name
    new_type.__supertype__ = tp
    return new_type


def is_typeddict(tp):
    return isinstance(tp, type) and issubclass(tp, dict) and hasattr(tp, '__total__')


def NamedTuple(typename, fields=None, /, **kwargs):
    """``NamedTuple('P', [('x', int)])`` (the class syntax is handled by
    ``_NamedTupleMeta``)."""
    if fields is None:
        fields = kwargs.items()
    names = [n for n, t in fields]
    result = collections.namedtuple(typename, names)
    result.__annotations__ = dict(fields)
    return result


class _NamedTupleMeta(type):
    def __new__(mcls, typename, bases, namespace):
        annotations = namespace.get('__annotations__', {})
        names = list(annotations)
        defaults = [namespace[n] for n in names if n in namespace]
        result = collections.namedtuple(typename, names, defaults=defaults or None,
                                        module=namespace.get('__module__', '__main__'))
        result.__annotations__ = dict(annotations)
        for key, value in namespace.items():
            if key in ('__module__', '__qualname__', '__annotations__') or key in names:
                continue
            setattr(result, key, value)
        return result


def _namedtuple_mro_entries(bases):
    return (_NamedTupleBase,)


NamedTuple.__mro_entries__ = _namedtuple_mro_entries
# A class whose metaclass makes subclasses namedtuples (made without
# running that metaclass on itself).
_NamedTupleBase = type.__new__(_NamedTupleMeta, 'NamedTuple', (), {'__module__': 'typing'})


class _TypedDictMeta(type):
    def __new__(mcls, name, bases, namespace, total=True):
        result = type.__new__(mcls, name, (dict,), dict(namespace))
        result.__total__ = total
        return result

    def __call__(cls, *args, **kwargs):
        return dict(*args, **kwargs)


def TypedDict(typename, fields=None, /, *, total=True, **kwargs):
    if fields is None:
        fields = kwargs
    return _TypedDictMeta(typename, (), {'__annotations__': dict(fields)}, total=total)


def _typeddict_mro_entries(bases):
    return (_TypedDictBase,)


TypedDict.__mro_entries__ = _typeddict_mro_entries


_TypedDictBase = type.__new__(_TypedDictMeta, 'TypedDict', (), {'__module__': 'typing'})
