print("tab\there", "new\nline", "back\\slash", 'single\'quote', "double\"quote")
print(repr("tab\t"), repr("\u00e9"), repr("\u200b"), repr("\x1b[0m"), repr("\r"))
print("\N{GREEK SMALL LETTER ALPHA}", "\u03b1", "\x41", "\101")
print(r"raw\nstring", len(r"\n"), len("\n"))
print("multi" "part" 'concat')
print("""triple
quoted""")
print(repr("mixed 'single' and \"double\""), repr(""), repr("a\\b"))
print(str("héllo"), "é".encode if False else "skip", ascii if False else "", "ok")
