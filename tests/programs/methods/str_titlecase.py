print("İ".lower(), len("İ".lower()), "ǅ".upper(), "ǅ".title() if False else "")
print("ﬁ".upper(), "ß".title(), "ŉ".upper(), "ΣΑΣ".lower(), "ὈΔΥΣΣΕΎΣ".lower())
print("x".center(6, "-"), "ab".center(5, "*"), "abc".center(6, "*"), "a".center(4))
print("hello\tworld\tx".expandtabs(4), repr("a\x0bb\x0cc".splitlines()))
print("a\u2028b".splitlines(), "Hello World".istitle() if hasattr("", "istitle") else "-")
for s in ["Hello World", "hello World", "HELLO", "Hello  World2", "", "A", "aB", "Ǆx", "Title-Case"]:
    print(repr(s), s.istitle(), s.title(), s.capitalize())
