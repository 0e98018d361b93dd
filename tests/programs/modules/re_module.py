import re
m = re.search(r"(\d+)-(\d+)", "call 555-1234 now")
print(m, m.group(), m.group(1, 2), m.groups(), m.span(2), m.start(), m.end(1), m[1], m.lastindex)
m = re.match(r"(?P<first>\w+) (?P<last>\w+)", "Jane Doe extra")
print(m.group("first"), m.groupdict(), m.lastgroup, m.span("last"))
print(re.match("a", "ba"), re.fullmatch(r"\w+", "abc"), re.fullmatch(r"\w+", "abc!"))
print(re.findall(r"\d+", "a1b22c333"), re.findall(r"(\w)(\d)", "a1b2"), re.findall(r"(a)|b", "ab"))
print([m.span() for m in re.finditer(r"\w+", "hi there  you")])
print(re.sub(r"(\w+)@(\w+)", r"\2 at \1", "me@home you@work"), re.sub(r"a", lambda m: m.group().upper(), "banana"))
print(re.sub(r"(?P<n>\d)", r"<\g<n>\g<1>>", "a1b2"), re.subn(r"x*", "-", "abxd"), re.sub("", "-", "ab"))
print(re.split(r",\s*", "a, b,c ,d"), re.split(r"(,)", "a,b"), re.split(r"\W+", "Words, words, words.", 1), re.split("x*", "axbc"))
print(re.escape("a.b*c?d"), re.escape("1+1=2"))
p = re.compile(r"colou?r", re.IGNORECASE)
print(p, p.pattern, p.flags, p.groups, p.search("The COLOR red"), p.match("Colour!").group())
print(re.compile(r"^\w+$", re.M).findall("one\ntwo\nthree"), re.findall(r".+", "a\nb", re.S))
print(re.search(r"x$", "abx\n"), re.search(r"x\Z", "abx\n"), re.search(r"(?i)HELLO", "say hello"))
print(re.findall(r"\d", "١٢3", re.ASCII), re.findall(r"\d", "١٢3"))
verbose = re.compile(r"""
    (\d{3})   # area
    [-.]?
    (\d{4})   # number
""", re.VERBOSE)
print(verbose.match("555-1234").groups())
print(re.search(r"(?<=-)\w+", "spam-egg").group(), re.search(r"(\w)\1", "hello").group(), re.search(r"(?P<c>.)(?P=c)", "abba").group())
print(re.findall(r"a{2,3}", "aaaa aa a"), re.findall(r"{foo}", "x{foo}"))
try:
    re.compile("(abc")
except re.error as e:
    print("error raised")
print(re.match(r"\d+", "123abc", ).end(), re.compile(r"\d").search("ab3", 1), re.compile("b").match("ab", 1))
print(repr(re.compile("a", re.I | re.M)), re.I | re.S, re.sub(r"\s+", " ", "a   b \n c"))
print(re.sub(r"(\d)", r"[\1]", "a1b2", count=1), re.findall(r"\bcat\b", "cat concat cat."))
print(re.match(r"(a)(b)?", "ac").groups(), re.match(r"(a)(b)?", "ac").groups("-"), re.match(r"(a)(b)?", "ac").group(2))
print(re.findall(r"é+", "ééa é"), [m.span() for m in re.finditer("é", "aéé")])
