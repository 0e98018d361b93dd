# Attributes read from built-in types (method descriptors, classmethods,
# type attributes) in a hot loop, where LOAD_ATTR_TYPE caches the stable ones.
for i in range(100):
    a = int.__repr__; b = dict.__repr__; c = list.__len__; d = dict.fromkeys; e = str.join; f = int.__name__; g = dict.__mro__
print(a is int.__repr__, b(dict(x=1)), c([1, 2]), d([1]), e('-', 'ab'), f, g)
