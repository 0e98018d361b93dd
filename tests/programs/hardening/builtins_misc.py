# Issue 7, items 20-22: hashes, messages and methods compared with CPython.
try:
    print('hash(frozenset([1,2,3]))', '->', repr(hash(frozenset([1,2,3]))))
except Exception as e:
    print('hash(frozenset([1,2,3]))', '->', type(e).__name__, e)
try:
    print('hash(frozenset())', '->', repr(hash(frozenset())))
except Exception as e:
    print('hash(frozenset())', '->', type(e).__name__, e)
try:
    print("hash(frozenset(['a']) ) == hash(frozenset(['a']))", '->', repr(hash(frozenset(['a']) ) == hash(frozenset(['a']))))
except Exception as e:
    print("hash(frozenset(['a']) ) == hash(frozenset(['a']))", '->', type(e).__name__, e)
try:
    print("list(enumerate('ab', True))", '->', repr(list(enumerate('ab', True))))
except Exception as e:
    print("list(enumerate('ab', True))", '->', type(e).__name__, e)
try:
    print('divmod(1, 0.0)', '->', repr(divmod(1, 0.0)))
except Exception as e:
    print('divmod(1, 0.0)', '->', type(e).__name__, e)
try:
    print('divmod(1.5, 0)', '->', repr(divmod(1.5, 0)))
except Exception as e:
    print('divmod(1.5, 0)', '->', type(e).__name__, e)
try:
    print('1.0 % 0', '->', repr(1.0 % 0))
except Exception as e:
    print('1.0 % 0', '->', type(e).__name__, e)
try:
    print('1 // 0.0', '->', repr(1 // 0.0))
except Exception as e:
    print('1 // 0.0', '->', type(e).__name__, e)
try:
    print('int(0, 10)', '->', repr(int(0, 10)))
except Exception as e:
    print('int(0, 10)', '->', type(e).__name__, e)
try:
    print("int('10', 2.5)", '->', repr(int('10', 2.5)))
except Exception as e:
    print("int('10', 2.5)", '->', type(e).__name__, e)
try:
    print('int(5, base=10)', '->', repr(int(5, base=10)))
except Exception as e:
    print('int(5, base=10)', '->', type(e).__name__, e)
try:
    print('(1.5).as_integer_ratio()', '->', repr((1.5).as_integer_ratio()))
except Exception as e:
    print('(1.5).as_integer_ratio()', '->', type(e).__name__, e)
try:
    print('(0.1).as_integer_ratio()', '->', repr((0.1).as_integer_ratio()))
except Exception as e:
    print('(0.1).as_integer_ratio()', '->', type(e).__name__, e)
try:
    print('(-2.0).as_integer_ratio()', '->', repr((-2.0).as_integer_ratio()))
except Exception as e:
    print('(-2.0).as_integer_ratio()', '->', type(e).__name__, e)
try:
    print("float('inf').as_integer_ratio()", '->', repr(float('inf').as_integer_ratio()))
except Exception as e:
    print("float('inf').as_integer_ratio()", '->', type(e).__name__, e)
try:
    print('(3).as_integer_ratio()', '->', repr((3).as_integer_ratio()))
except Exception as e:
    print('(3).as_integer_ratio()', '->', type(e).__name__, e)
try:
    print('list(zip([1,2],[3], strict=True))', '->', repr(list(zip([1,2],[3], strict=True))))
except Exception as e:
    print('list(zip([1,2],[3], strict=True))', '->', type(e).__name__, e)
try:
    print('list(zip([1],[3,4], strict=True))', '->', repr(list(zip([1],[3,4], strict=True))))
except Exception as e:
    print('list(zip([1],[3,4], strict=True))', '->', type(e).__name__, e)
try:
    print('list(zip([1,2],[3,4], strict=True))', '->', repr(list(zip([1,2],[3,4], strict=True))))
except Exception as e:
    print('list(zip([1,2],[3,4], strict=True))', '->', type(e).__name__, e)
try:
    print('range(10).index(3)', '->', repr(range(10).index(3)))
except Exception as e:
    print('range(10).index(3)', '->', type(e).__name__, e)
try:
    print('range(10).count(3)', '->', repr(range(10).count(3)))
except Exception as e:
    print('range(10).count(3)', '->', type(e).__name__, e)
try:
    print('range(0, 10, 2).index(3)', '->', repr(range(0, 10, 2).index(3)))
except Exception as e:
    print('range(0, 10, 2).index(3)', '->', type(e).__name__, e)
try:
    print('{1: 2, 3: 4}.keys() & {1}', '->', repr({1: 2, 3: 4}.keys() & {1}))
except Exception as e:
    print('{1: 2, 3: 4}.keys() & {1}', '->', type(e).__name__, e)
try:
    print('{1: 2, 3: 4}.keys() | {5}', '->', repr({1: 2, 3: 4}.keys() | {5}))
except Exception as e:
    print('{1: 2, 3: 4}.keys() | {5}', '->', type(e).__name__, e)
try:
    print('{1: 2, 3: 4}.keys() - {1}', '->', repr({1: 2, 3: 4}.keys() - {1}))
except Exception as e:
    print('{1: 2, 3: 4}.keys() - {1}', '->', type(e).__name__, e)
try:
    print('{1: 2, 3: 4}.keys() ^ {1, 7}', '->', repr({1: 2, 3: 4}.keys() ^ {1, 7}))
except Exception as e:
    print('{1: 2, 3: 4}.keys() ^ {1, 7}', '->', type(e).__name__, e)
try:
    print('{1: 2}.items() & {(1, 2)}', '->', repr({1: 2}.items() & {(1, 2)}))
except Exception as e:
    print('{1: 2}.items() & {(1, 2)}', '->', type(e).__name__, e)
try:
    print('list(reversed({1: 2, 3: 4}.keys()))', '->', repr(list(reversed({1: 2, 3: 4}.keys()))))
except Exception as e:
    print('list(reversed({1: 2, 3: 4}.keys()))', '->', type(e).__name__, e)
try:
    print('list(reversed({1: 2, 3: 4}.values()))', '->', repr(list(reversed({1: 2, 3: 4}.values()))))
except Exception as e:
    print('list(reversed({1: 2, 3: 4}.values()))', '->', type(e).__name__, e)
try:
    print('list(reversed({1: 2, 3: 4}.items()))', '->', repr(list(reversed({1: 2, 3: 4}.items()))))
except Exception as e:
    print('list(reversed({1: 2, 3: 4}.items()))', '->', type(e).__name__, e)
try:
    print('list(reversed({1: 2, 3: 4}))', '->', repr(list(reversed({1: 2, 3: 4}))))
except Exception as e:
    print('list(reversed({1: 2, 3: 4}))', '->', type(e).__name__, e)
try:
    print("KeyError('a', 1).args", '->', repr(KeyError('a', 1).args))
except Exception as e:
    print("KeyError('a', 1).args", '->', type(e).__name__, e)
try:
    print('{0, -161, 7}', '->', repr({0, -161, 7}))
except Exception as e:
    print('{0, -161, 7}', '->', type(e).__name__, e)
try:
    print('{0, -161, 7, 1000, -5}', '->', repr({0, -161, 7, 1000, -5}))
except Exception as e:
    print('{0, -161, 7, 1000, -5}', '->', type(e).__name__, e)
try:
    print("sorted([3, float('nan'), 1, 2])", '->', repr(sorted([3, float('nan'), 1, 2])))
except Exception as e:
    print("sorted([3, float('nan'), 1, 2])", '->', type(e).__name__, e)
try:
    print("format(100.0, '#.3')", '->', repr(format(100.0, '#.3')))
except Exception as e:
    print("format(100.0, '#.3')", '->', type(e).__name__, e)
s = {1, 2}
s.symmetric_difference_update({2, 3})
print(s)
def rec(n):
    return sorted([1], key=lambda x: rec(n + 1))
try:
    rec(0)
except RecursionError as e:
    print('RecursionError', e)
print({0, -161, 7}, {0, -161, 7, 1000, -5}, {3, 11, 19, 27, 35, 43}, {1.5, -0.5, 2.0}, {(1, 2), (3,), ()})
print({*{0, -161, 7}}, {*[0, -161, 7]}, set({0, -161, 7}))
d = {1: 'a', 2: 'b', 3: 'c'}
print(d.keys() & [2, 3, 4], [3, 1] & d.keys(), d.keys() | [9], d.items() - {(1, 'a')}, d.keys() ^ d.keys())
