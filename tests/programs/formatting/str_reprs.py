# repr of strs: plain ASCII words (quoted as they are), quotes of either
# kind, escapes, non-ASCII and unprintable characters, in containers too.
for s in ["string", "it's", 'say "hi"', "both ' and \"", "tab\there", "back\\slash", "é", "\x00\x7f", "", "~ !", "\u2028", "emoji 😀"]:
    print(repr(s), repr([s]), repr((s, 1)), ascii(s), len(repr(s)))
for i in range(30):
    r = repr("word")
print(r, len(r), r[1:-1] == "word")
