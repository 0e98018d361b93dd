# printf-style formatting: the bare-%s fast path (strs, ints, %%) and what
# it leaves to the general formatter (bools, floats, containers, str
# subclasses, mappings, widths, errors).
print("%s: %s" % ("a", "b"), "%s" % 5, "%s%%" % 7, "x%sy" % (True,), "%s" % None, "%s" % [1, 2], "%s" % (1.5,), "%s-%s" % (-3, 2**60))
print("%s é %s" % ("ü", "✓"), "%%" % (), "%s" % ((1, 2),), "a%%b" % ())
class S(str):
    def __str__(self): return "custom"
print("%s" % S("x"))
for bad in [("%s %s", ("a",)), ("%s", ("a", "b")), ("%d", ("a",)), ("%", ()), ("%s %", ("a",))]:
    try:
        print(bad[0] % bad[1])
    except (TypeError, ValueError) as e:
        print(type(e).__name__, e)
print("%(a)s" % {"a": 1}, "%5s|%-3s|" % ("ab", "c"), "%s" % {"k": 1})
