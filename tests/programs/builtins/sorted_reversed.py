words = ["banana", "Apple", "cherry", "apple", "Banana"]
print(sorted(words))
print(sorted(words, key=str.lower) if False else sorted(words, key=lambda w: w.lower()))
print(sorted(words, key=len, reverse=True))
print(sorted([3, 1, 2], reverse=True), sorted("hello"), sorted({3: "a", 1: "b"}))
pairs = [(1, "b"), (0, "z"), (1, "a"), (0, "a")]
print(sorted(pairs), sorted(pairs, key=lambda p: p[0]))
records = [("x", 2), ("y", 1), ("z", 2), ("w", 1)]
print(sorted(records, key=lambda r: r[1], reverse=True))
print(list(reversed(range(5))), sorted([2.5, 1, True, 0]))
