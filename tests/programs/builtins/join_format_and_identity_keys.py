# str.join over lists, tuples and iterators (str subclasses included, a
# single exact str returned as itself), plain %s formatting with ASCII and
# non-ASCII pieces, bound methods called after being stored, and built-in
# types and functions as set members and dict keys.


class Name(str):
    pass


x = "abc"
print("-".join([Name("a"), "b"]), type("".join([Name("a")])).__name__)
print("".join([x]) is x, "".join((x,)) is x, ", ".join(iter(["é", "b"])))
print(len("é,".join(["ü", "b"])), "".join([]) == "", "·".join(("a", "b", "c")))
try:
    ", ".join(["a", 1])
except TypeError as e:
    print("TypeError:", e)
try:
    str.join(3, ["a"])
except TypeError as e:
    print("TypeError:", e)

for template, values in [("%s: %s", ("k", "v")), ("%s=%s", ("é", 5)), ("é%s", "x"), ("%s%%", 7)]:
    text = template % values
    print(text, len(text), text.upper())

append = [].append
items = []
append = items.append
for i in range(3):
    append(i)
setdefault = {}.setdefault
print(items, setdefault("a", 1), setdefault("a", 2))


class Box:
    def get(self, default=None):
        return default


get = Box().get
print(get(), get(5))

scalars = frozenset({str, float, bool, type(None)})
print(str in scalars, int in scalars, type(None) in scalars, Box in scalars)
dispatch = {int.__repr__: "int", tuple.__repr__: "tuple", len: "len", print: "print"}
print(dispatch[int.__repr__], dispatch.get(tuple.__repr__), dispatch[len], dispatch.get(repr))
print(hash(int) == hash(int), {int: 1, str: 2}[str], getattr(tuple, "__repr__") is tuple.__repr__)
print(list.__hash__, getattr(dict, "__hash__"), getattr(tuple, "nothing", "missing"))
