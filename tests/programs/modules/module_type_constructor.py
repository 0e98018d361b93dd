# types.ModuleType(name, doc): a module object made by a program.
import types, sys
m = types.ModuleType('scratch', 'A scratch module.')
m.x = 1
print(m.__name__, m.__doc__, m.x, repr(m)[:25], type(m) is types.ModuleType)
sys.modules['scratch'] = m
import scratch
print(scratch is m, scratch.x)
for bad in [(), (5,)]:
    try:
        types.ModuleType(*bad)
    except TypeError as e:
        print('TypeError', e)
print(types.ModuleType('k').__doc__)
