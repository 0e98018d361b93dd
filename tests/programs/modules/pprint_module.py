import pprint
data = {"zeta": list(range(30)), "alpha": ("x" * 30, {"nested": [1, 2, {"deep": "value" * 5}]}), "mid": {3, 1, 2}, 1: None}
pprint.pprint(data)
print(pprint.pformat([("string", (1, 2), [3, 4], {5: 6, 7: 8})] * 3))
pprint.pprint(list(range(40)), compact=True, width=40)
pprint.pprint({"a": 1}, sort_dicts=False)
pprint.pprint("word " * 30)
pprint.pprint(data, depth=1)
l = [1, 2]; l.append(l)
print(pprint.saferepr(l)[:30], pprint.isrecursive(l), pprint.isreadable([1, "a"]))
from dataclasses import dataclass
@dataclass
class P:
    name: str
    items: list
pprint.pprint(P("x" * 40, list(range(25))))
pprint.pprint(frozenset(range(30)))
