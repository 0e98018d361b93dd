"""Names for built-in types, and ``SimpleNamespace``."""

__all__ = ['FunctionType', 'LambdaType', 'CodeType', 'GeneratorType',
           'MethodType', 'BuiltinFunctionType', 'BuiltinMethodType',
           'ModuleType', 'SimpleNamespace', 'MappingProxyType', 'NoneType',
           'EllipsisType', 'NotImplementedType', 'new_class',
           'MethodWrapperType', 'WrapperDescriptorType', 'MethodDescriptorType',
           'GenericAlias', 'resolve_bases', 'prepare_class', 'DynamicClassAttribute',
           'coroutine']

import sys as _sys


def _f():
    pass


FunctionType = type(_f)
LambdaType = type(lambda: None)
CodeType = type(_f.__code__)


def _g():
    yield 1


GeneratorType = type(_g())


class _C:
    def _m(self):
        pass


MethodType = type(_C()._m)
BuiltinFunctionType = type(len)
BuiltinMethodType = type([].append)
WrapperDescriptorType = type(object.__init__)
MethodWrapperType = type(object().__str__)
MethodDescriptorType = type(str.join)
ModuleType = type(_sys)
NoneType = type(None)
EllipsisType = type(Ellipsis)
NotImplementedType = type(NotImplemented)
MappingProxyType = dict
del _f, _g, _C


class SimpleNamespace:
    """An object whose attributes are its keyword arguments."""

    def __init__(self, mapping_or_iterable=(), /, **kwargs):
        self.__dict__.update(dict(mapping_or_iterable))
        self.__dict__.update(kwargs)

    def __repr__(self):
        items = ('%s=%r' % (k, v) for k, v in self.__dict__.items())
        name = 'namespace' if type(self) is SimpleNamespace else type(self).__name__
        return '%s(%s)' % (name, ', '.join(items))

    def __eq__(self, other):
        if isinstance(self, SimpleNamespace) and isinstance(other, SimpleNamespace):
            return self.__dict__ == other.__dict__
        return NotImplemented


class GenericAlias:
    """``list[int]``: the origin type with its arguments."""

    def __init__(self, origin, args):
        self.__origin__ = origin
        self.__args__ = args if isinstance(args, tuple) else (args,)

    def __call__(self, *args, **kwargs):
        return self.__origin__(*args, **kwargs)

    def __repr__(self):
        def name(a):
            if isinstance(a, type):
                return a.__name__ if a.__module__ == 'builtins' else '%s.%s' % (a.__module__, a.__qualname__)
            return repr(a)
        return '%s[%s]' % (name(self.__origin__), ', '.join(name(a) for a in self.__args__))

    def __getattr__(self, name):
        return getattr(self.__origin__, name)


def new_class(name, bases=(), kwds=None, exec_body=None):
    namespace = {}
    if exec_body is not None:
        exec_body(namespace)
    meta = (kwds or {}).get('metaclass', type)
    return meta(name, tuple(bases), namespace)


def resolve_bases(bases):
    return tuple(bases)


def prepare_class(name, bases=(), kwds=None):
    kwds = dict(kwds or {})
    meta = kwds.pop('metaclass', type)
    return meta, {}, kwds


def coroutine(func):
    return func


DynamicClassAttribute = property
