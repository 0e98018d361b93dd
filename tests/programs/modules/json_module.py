import json
data = {"b": [1, 2.5, None, True, False], "a": {"x": "é\n\"q\"", "y": []}, "c": {}, 3: "int key", "big": 10**20, "f": 1e100, "u": "\U0001F600"}
print(json.dumps(data))
print(json.dumps(data, indent=2, sort_keys=False, ensure_ascii=False) if False else json.dumps(data, indent=2, ensure_ascii=False))
print(json.dumps([1, [2, {"k": [3]}]], indent="\t"))
print(json.dumps({"a": 1, "b": 2}, separators=(",", ":"), sort_keys=True))
print(json.dumps([float("inf"), float("nan")]))
s = json.dumps(data)
print(json.loads(s) == json.loads(json.dumps(json.loads(s))))
print(json.loads('{"a": [1, 2.0, -3e2, "x\\u00e9\\ud83d\\ude00"], "b": null}'))
for bad in ['', '[1,]', '{"a" 1}', '{"a": 1,}', '[1 2]', '"abc', '{1: 2}', 'nul', '[1] x', '{"a": }']:
    try:
        json.loads(bad)
    except json.JSONDecodeError as e:
        print(repr(bad), "->", e)
class C: pass
try:
    json.dumps(C())
except TypeError as e:
    print(e)
print(json.dumps(C(), default=lambda o: "custom"))
print(json.dumps("abc"), json.dumps(1.0), json.dumps(0.1), json.dumps(-0.0))
