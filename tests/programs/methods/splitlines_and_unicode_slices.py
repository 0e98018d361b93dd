# str.splitlines on a large text (one pass, no per-character table) and its
# line boundaries; slices of non-ASCII strs.
s = "some important information to be logged\n" * 50000
lines = s.splitlines()
print(len(lines), lines[0], lines[-1])
print("a\nb\r\nc\rd\x0be\u2028f\n\n".splitlines(), "x\r\ny\n".splitlines(True), "".splitlines(), "abc".splitlines(), "\r".splitlines(True))
s = "héllo wörld ✓"
print(s[1:4], s[:0], s[-3:], s[3:], s[:100], s[5:2], s[0:1], s[-1:], s[::-1], s[1::2])
