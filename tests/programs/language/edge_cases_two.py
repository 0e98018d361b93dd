def outer():
    fs = []
    for i in range(3):
        def f(x=i):
            return x * 10
        fs.append(f)
    return [g() for g in fs]
print(outer())
def gen_closure():
    x = 1
    def a():
        return x
    x = 2
    return a()
print(gen_closure())
def make():
    items = []
    def add(v):
        items.append(v)
    def get():
        return list(items)
    return add, get
add, get = make()
add(1); add(2)
print(get())
try:
    raise ValueError("one")
except ValueError as e:
    try:
        raise TypeError("two")
    except TypeError as e2:
        print(type(e2).__name__, e2, e.args)
def unpack_err():
    try:
        a, b = [1]
    except ValueError as err:
        return str(err)
print(unpack_err())
print("%s %s" % ("a", "b"), "%%d" % (), "%(a)s-%(a)s" % {"a": 1})
print("{:*>10.3f}|{:+08.2f}|{:^+9d}|{:=+8d}".format(3.14159, -2.5, 42, 17))
print("{:,d} {:_x} {:#X} {:>#10b}".format(12345678, 0xdeadbeef, 255, 5))
print("{0!r} {0!s} {0}".format("q"))
print(f"{'nested {braces}'}", f"{{{1}}}", f"{'a' 'b'}")
print("a\tb".expandtabs() if hasattr("", "expandtabs") else "skip")
s = "hello world"
print(s.title(), s.split("o"), s.index("o", 5), s.rindex("o"), s.count("o", 0, 5))
print(s.find("o", -4), s.startswith(("x", "h")), s[::-1].upper())
print(list(map(int, "1 2 3".split())), sum(map(int, "4 5".split())))
nums = [5, 3, 8, 1]
nums.sort(key=lambda n: -n)
print(nums, sorted(nums)[-2:], nums.index(8))
m = [[0] * 2] * 2
m[0][0] = 1
print(m)
d = {"b": 2, "a": 1}
for k in sorted(d):
    print(k, d[k], end="; ")
print()
print(list(d.items())[0], tuple(d), len(d.values()))
print("skip-genexp")
i = 0
while i < 3:
    i += 1
    if i == 2:
        break
else:
    print("no")
print("i", i)
print(1_000_000, 0x_ff, 0o17, 0b101, 1e3, 1_0.5, .5, 5., 0.0)
print(10 ** -2, 10.0 ** 2, (-2) ** 0.5 if False else 0, 2 ** 62, 2 ** 63, -2 ** 63)
print(int(-0.5), int(2.9999999999999996), round(0.5), round(1.5), round(-1.5), round(2.5, 0))
print(str(-0.0), -0.0 == 0.0, 1/float('inf'), float('-0'))
print(7 // 2.0, -7 // 2.0, 7 % -2.5, divmod(-7.5, 2))
