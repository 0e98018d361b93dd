# Issue 7, item 19: str predicates and case mappings follow CPython's Unicode data.
try:
    print("'ΣΑΣ'.swapcase()", '->', repr('ΣΑΣ'.swapcase()))
except Exception as e:
    print("'ΣΑΣ'.swapcase()", '->', type(e).__name__, e)
try:
    print("'ŉ'.casefold()", '->', repr('ŉ'.casefold()))
except Exception as e:
    print("'ŉ'.casefold()", '->', type(e).__name__, e)
try:
    print("'²'.isdecimal()", '->', repr('²'.isdecimal()))
except Exception as e:
    print("'²'.isdecimal()", '->', type(e).__name__, e)
try:
    print("'²'.isdigit()", '->', repr('²'.isdigit()))
except Exception as e:
    print("'²'.isdigit()", '->', type(e).__name__, e)
try:
    print("'²'.isnumeric()", '->', repr('²'.isnumeric()))
except Exception as e:
    print("'²'.isnumeric()", '->', type(e).__name__, e)
try:
    print("'一'.isnumeric()", '->', repr('一'.isnumeric()))
except Exception as e:
    print("'一'.isnumeric()", '->', type(e).__name__, e)
try:
    print("'\\x1c'.isspace()", '->', repr('\x1c'.isspace()))
except Exception as e:
    print("'\\x1c'.isspace()", '->', type(e).__name__, e)
try:
    print("int('١٢')", '->', repr(int('١٢')))
except Exception as e:
    print("int('١٢')", '->', type(e).__name__, e)
try:
    print("int(' ١٢ ')", '->', repr(int(' ١٢ ')))
except Exception as e:
    print("int(' ١٢ ')", '->', type(e).__name__, e)
try:
    print("float('١.٥')", '->', repr(float('١.٥')))
except Exception as e:
    print("float('١.٥')", '->', type(e).__name__, e)
try:
    print('repr(chr(0x10FFFF))', '->', repr(repr(chr(0x10FFFF))))
except Exception as e:
    print('repr(chr(0x10FFFF))', '->', type(e).__name__, e)
try:
    print("ascii('é')", '->', repr(ascii('é')))
except Exception as e:
    print("ascii('é')", '->', type(e).__name__, e)
try:
    print("repr('é\\u200b\\xa0\\x85')", '->', repr(repr('é\u200b\xa0\x85')))
except Exception as e:
    print("repr('é\\u200b\\xa0\\x85')", '->', type(e).__name__, e)
try:
    print("'ΣΑΣ ΣΑΣ'.lower()", '->', repr('ΣΑΣ ΣΑΣ'.lower()))
except Exception as e:
    print("'ΣΑΣ ΣΑΣ'.lower()", '->', type(e).__name__, e)
try:
    print("'ﬁ'.upper()", '->', repr('ﬁ'.upper()))
except Exception as e:
    print("'ﬁ'.upper()", '->', type(e).__name__, e)
try:
    print("'ǆ'.title()", '->', repr('ǆ'.title()))
except Exception as e:
    print("'ǆ'.title()", '->', type(e).__name__, e)
try:
    print("'ǆa'.capitalize()", '->', repr('ǆa'.capitalize()))
except Exception as e:
    print("'ǆa'.capitalize()", '->', type(e).__name__, e)
try:
    print("'hello WORLD ǅ'.title()", '->', repr('hello WORLD ǅ'.title()))
except Exception as e:
    print("'hello WORLD ǅ'.title()", '->', type(e).__name__, e)
try:
    print("'ǅ'.istitle()", '->', repr('ǅ'.istitle()))
except Exception as e:
    print("'ǅ'.istitle()", '->', type(e).__name__, e)
try:
    print("'ǅ'.isupper()", '->', repr('ǅ'.isupper()))
except Exception as e:
    print("'ǅ'.isupper()", '->', type(e).__name__, e)
try:
    print("'ǅ'.islower()", '->', repr('ǅ'.islower()))
except Exception as e:
    print("'ǅ'.islower()", '->', type(e).__name__, e)
try:
    print("'ΑΣ'.lower()", '->', repr('ΑΣ'.lower()))
except Exception as e:
    print("'ΑΣ'.lower()", '->', type(e).__name__, e)
try:
    print("'Σ'.lower()", '->', repr('Σ'.lower()))
except Exception as e:
    print("'Σ'.lower()", '->', type(e).__name__, e)
try:
    print("'aΣ.'.lower()", '->', repr('aΣ.'.lower()))
except Exception as e:
    print("'aΣ.'.lower()", '->', type(e).__name__, e)
try:
    print("'x\\u0301y'.isalpha()", '->', repr('x\u0301y'.isalpha()))
except Exception as e:
    print("'x\\u0301y'.isalpha()", '->', type(e).__name__, e)
try:
    print("'Ⅻ'.isnumeric()", '->', repr('Ⅻ'.isnumeric()))
except Exception as e:
    print("'Ⅻ'.isnumeric()", '->', type(e).__name__, e)
try:
    print("'Ⅻ'.isalpha()", '->', repr('Ⅻ'.isalpha()))
except Exception as e:
    print("'Ⅻ'.isalpha()", '->', type(e).__name__, e)
try:
    print("'𝟘𝟙'.isdecimal()", '->', repr('𝟘𝟙'.isdecimal()))
except Exception as e:
    print("'𝟘𝟙'.isdecimal()", '->', type(e).__name__, e)
try:
    print("int('𝟘𝟙')", '->', repr(int('𝟘𝟙')))
except Exception as e:
    print("int('𝟘𝟙')", '->', type(e).__name__, e)
try:
    print("'ab\\x1fcd e'.split()", '->', repr('ab\x1fcd e'.split()))
except Exception as e:
    print("'ab\\x1fcd e'.split()", '->', type(e).__name__, e)
try:
    print("'\\x1c ab \\x1d'.strip()", '->', repr('\x1c ab \x1d'.strip()))
except Exception as e:
    print("'\\x1c ab \\x1d'.strip()", '->', type(e).__name__, e)
try:
    print("'αβγ'.isidentifier()", '->', repr('αβγ'.isidentifier()))
except Exception as e:
    print("'αβγ'.isidentifier()", '->', type(e).__name__, e)
try:
    print("'1a'.isidentifier()", '->', repr('1a'.isidentifier()))
except Exception as e:
    print("'1a'.isidentifier()", '->', type(e).__name__, e)
try:
    print("'a·b'.isidentifier()", '->', repr('a·b'.isidentifier()))
except Exception as e:
    print("'a·b'.isidentifier()", '->', type(e).__name__, e)
try:
    print("'ß'.upper()", '->', repr('ß'.upper()))
except Exception as e:
    print("'ß'.upper()", '->', type(e).__name__, e)
try:
    print("'İ'.lower()", '->', repr('İ'.lower()))
except Exception as e:
    print("'İ'.lower()", '->', type(e).__name__, e)
try:
    print("'abc'.isascii()", '->', repr('abc'.isascii()))
except Exception as e:
    print("'abc'.isascii()", '->', type(e).__name__, e)
try:
    print("'é'.isascii()", '->', repr('é'.isascii()))
except Exception as e:
    print("'é'.isascii()", '->', type(e).__name__, e)
try:
    print("'\\t'.isprintable()", '->', repr('\t'.isprintable()))
except Exception as e:
    print("'\\t'.isprintable()", '->', type(e).__name__, e)
try:
    print("'é'.isprintable()", '->', repr('é'.isprintable()))
except Exception as e:
    print("'é'.isprintable()", '->', type(e).__name__, e)
try:
    print("''.isprintable()", '->', repr(''.isprintable()))
except Exception as e:
    print("''.isprintable()", '->', type(e).__name__, e)
try:
    print('int("\\x1c12\\u3000")', '->', repr(int("\x1c12\u3000")))
except Exception as e:
    print('int("\\x1c12\\u3000")', '->', type(e).__name__, e)
try:
    print('int("\\u300012\\u3000")', '->', repr(int("\u300012\u3000")))
except Exception as e:
    print('int("\\u300012\\u3000")', '->', type(e).__name__, e)
try:
    print('int("\\x0b12\\x0c")', '->', repr(int("\x0b12\x0c")))
except Exception as e:
    print('int("\\x0b12\\x0c")', '->', type(e).__name__, e)
try:
    print('float("\\u2003 1.5e3\\n")', '->', repr(float("\u2003 1.5e3\n")))
except Exception as e:
    print('float("\\u2003 1.5e3\\n")', '->', type(e).__name__, e)
try:
    print('float("\\x1c1.5")', '->', repr(float("\x1c1.5")))
except Exception as e:
    print('float("\\x1c1.5")', '->', type(e).__name__, e)
try:
    print('"a\\x1cb\\x85c\\u2028d\\x0be".splitlines()', '->', repr("a\x1cb\x85c\u2028d\x0be".splitlines()))
except Exception as e:
    print('"a\\x1cb\\x85c\\u2028d\\x0be".splitlines()', '->', type(e).__name__, e)
try:
    print("'\\x1c ab \\x1d'.split(None, 1)", '->', repr('\x1c ab \x1d'.split(None, 1)))
except Exception as e:
    print("'\\x1c ab \\x1d'.split(None, 1)", '->', type(e).__name__, e)
try:
    print("'  a  b  '.rsplit(None, 1)", '->', repr('  a  b  '.rsplit(None, 1)))
except Exception as e:
    print("'  a  b  '.rsplit(None, 1)", '->', type(e).__name__, e)
counts = [0] * 11
sums = [0] * 5
for cp in range(0, 0x32000, 3):
    if 0xD800 <= cp <= 0xDFFF:
        continue
    c = chr(cp)
    flags = (c.isalpha(), c.isdecimal(), c.isdigit(), c.isnumeric(), c.isspace(), c.isprintable(),
             c.isidentifier(), c.islower(), c.isupper(), c.istitle(), c.isalnum())
    for i, f in enumerate(flags):
        if f:
            counts[i] += cp
    for i, m in enumerate((c.lower(), c.upper(), c.title(), c.casefold(), c.swapcase())):
        for ch in m:
            sums[i] += ord(ch)
print(counts)
print(sums)
