d = {"a": 1, "b": 2}
print(d.get("a"), d.get("z"), d.get("z", 0))
print(list(d.keys()), list(d.values()), list(d.items()))
print(d.keys(), d.values(), d.items())
d.update({"c": 3}, d=4); print(d)
d.update([("e", 5)]); print(d)
print(d.pop("a"), d.pop("zz", "missing"), d)
print(d.setdefault("b", 100), d.setdefault("new", []), d)
print(d.popitem(), d)
c = d.copy(); c["b"] = -1; print(d["b"], c["b"])
d.clear(); print(d, len(d))
keys = {1: "int", 1.0: "float", True: "bool"}
print(keys)
m = {}
m[2] = "two"; m[2.0] = "float two"
print(m, {(1, 2): "tuple"}[(1, 2)])
print("a" in {"a": 1}, 1 in {"a": 1}.values(), ("a", 1) in {"a": 1}.items())
inventory = {}
for item in ["apple", "pear", "apple"]:
    inventory[item] = inventory.get(item, 0) + 1
print(inventory, dict(zip("ab", [1, 2])) == {"b": 2, "a": 1}, {**inventory})
print({1: 2} | {3: 4}, sorted({"b": 1, "a": 2}))
