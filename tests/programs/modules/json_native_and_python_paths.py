# The native scanner and encoder (_json) and the Python code behind hooks
# give the same values, text and errors as CPython.
import json
docs = ['{"a": [1, 2.5, -3e2, true, false, null, "x\\u00e9\\n"], "b": {}}', '[]', ' [1 , 2 ] ',
        '"\\ud83d\\ude00"', '12345678901234567890123', '-0', '1.0E+2', 'NaN', '[-Infinity, Infinity]',
        '{"k": 1, "k": 2}', '"héllo wörld"', '{"é": "ü", "n": [[[]]]}']
for d in docs:
    v = json.loads(d)
    print(repr(v), json.dumps(v), json.dumps(v, ensure_ascii=False), json.dumps(v, sort_keys=True, separators=(',', ':')))
bad = ['', ' ', '[1,]', '{"a" 1}', '{"a":1,}', '{1:2}', '[1 2]', '"abc', '"a\\x"', '"\\u12"', '"a\x01"', '01', '[1]x',
       'é[', '["é", tru]', '"\\', '-', '{"a":', '[', '{', '  \n  ]']
for d in bad:
    try:
        print(repr(json.loads(d)))
    except json.JSONDecodeError as e:
        print('JSONDecodeError', e, e.pos, e.lineno, e.colno)
    except Exception as e:
        print(type(e).__name__, e)
print(json.loads('"a\x01"', strict=False) == "a\x01")
print(json.JSONDecoder().raw_decode('  [1, 2] tail', 2))
print(json.JSONDecoder().raw_decode('x[1, 2] tail', 1))
try:
    json.JSONDecoder().raw_decode(' [1', 1)
except json.JSONDecodeError as e:
    print(e)
print(json.loads('{"a": 1.5}', parse_float=str), json.loads('[1]', parse_int=float))
print(json.loads('{"a": 1}', object_hook=lambda d: sorted(d)))
print(json.dumps({1: 2, 2.5: 3, True: 4, None: 5, 10**20: 6}))
print(json.dumps({"b": 1, "a": [1, (2, 3)]}, sort_keys=True, indent=2))
print(json.dumps([float('nan'), float('inf'), -float('inf'), 1e300, 0.1, -0.0, 10**30]))
for o in [[float('nan')], {(1, 2): 3}, {object(): 1}, [object()]]:
    try:
        print(json.dumps(o, allow_nan=False))
    except Exception as e:
        print(type(e).__name__, e)
print(json.dumps({(1, 2): 3, "a": 1}, skipkeys=True))
a = []; a.append(a)
try:
    json.dumps(a)
except ValueError as e:
    print('ValueError', e)
d = {}; d['x'] = [d]
try:
    json.dumps(d)
except ValueError as e:
    print('ValueError', e)
class E(json.JSONEncoder):
    def default(self, o):
        return sorted(o)
print(json.dumps({"s": {3, 1, 2}}, cls=E), json.dumps([{1, 2}], default=list))
import enum
class C(enum.IntEnum):
    A = 1
print(json.dumps([C.A, {"k": C.A}]))
print(json.dumps("é\u2028\x7f"), json.dumps("é\x7f", ensure_ascii=False))
deep = '[' * 5000 + ']' * 5000
try:
    json.loads(deep)
except RecursionError as e:
    print('RecursionError')
x = []
for i in range(5000):
    x = [x]
try:
    json.dumps(x)
except RecursionError as e:
    print('RecursionError')
print(json.loads('[' + '1' * 5000 + ']') if False else 'skip')
try:
    json.loads('1' * 5000)
except ValueError as e:
    print('ValueError', str(e)[:40])
# The Python decoder (hooks) reports the same errors as the native one.
for d in bad:
    try:
        print(repr(json.loads(d, object_hook=lambda o: o)))
    except json.JSONDecodeError as e:
        print('hooked JSONDecodeError', e)
