print("a b  c ".split(" "), " a b ".split(None, 1), "a,b,c".rsplit(",", 5), "".split(), "".split(","))
print("x".center(4, "-"), "abc".center(8), "abcd".center(7, "*"), "ab".center(3))
print(format(True, "d"), format(True, ">5"), format(3.0, "n"), format(1234, "n"))
print('%5s|%-5s|%05.1f|%x' % ('abc', 'ab', 3.14159, 3054))
print(f"{1e-10:f} {1e-5:g} {12345:.0e} {round(-0.0)} {1e-320} {123456789.0:e}")
print(int("  -0b101 ", 0), int("0o17", 0), int("-0x_ff", 16) if False else 0)
try:
    int("0_1", 0)
except ValueError as e:
    print("VE", e)
print(str(KeyError("a")), repr(ValueError()), repr(ValueError("x", 2)), str(ValueError("x", 2)))
def f():
    try:
        return 1
    finally:
        return 2
print(f())
def g():
    for i in range(3):
        try:
            if i == 1:
                break
        finally:
            print("fin", i)
    return i
print(g())
print(*[1, 2, 3], sep=", ")
x = y = []
x.append(1)
print(y, x is y)
print(divmod(-7, 2), pow(2, -2), 2 ** 0.5, hash(-1), hash(-2), hash(1.5), hash(-1.5))
print(list(range(10))[::-2], "abc"[5:], "abc"[-1], True * "ab", bool("False"))
print(sorted([(1, 'b'), (1, 'a'), (0, 'c')], key=lambda t: t[0], reverse=True))
print([i for i in range(3)] == list(range(3)), [] == (), {} == set())
e = {}
e[1] = "a"; e[True] = "b"; e[1.0] = "c"
print(e, len(e))
print(3 .bit_length(), (255).bit_length(), (1.5).is_integer(), 2.0.is_integer())
print(max("abc", "abd"), min([3, 1], [2, 9]), abs(-0), -0)
print(repr(1.0), repr(10.0**20), 1/3*3, 4.35*100, round(4.35*100), 0.1+0.7)
print("%.2f" % 2.675, "%.1f" % 0.25, "%.0f" % 0.5, "%.0f" % 1.5, f"{0.125:.2f}")
print(list(zip(*[(1, 'a'), (2, 'b')])))
print({1: 'a'}.get(2, 'z'), dict.fromkeys("ab", 0) if hasattr(dict, "fromkeys") else None)
