tests = {
 'startswith': lambda: "x".startswith(), 'endswith': lambda: "x".endswith(),
 'find': lambda: "x".find(), 'rfind': lambda: "x".rfind(), 'index': lambda: "x".index(), 'count': lambda: "x".count(),
 'replace': lambda: "x".replace(), 'center': lambda: "x".center(), 'ljust': lambda: "x".ljust(),
 'strip': lambda: "x".strip(1,2), 'split': lambda: "x".split(1,2,3), 'rsplit': lambda: "x".rsplit(1,2,3), 'splitlines': lambda: "x".splitlines(1,2),
 'join': lambda: "x".join(), 'partition': lambda: "x".partition(), 'zfill': lambda: "x".zfill(),
 'list.index': lambda: [].index(), 'list.insert': lambda: [].insert(1), 'list.pop': lambda: [].pop(1,2),
 'dict.get': lambda: {}.get(), 'dict.pop': lambda: {}.pop(), 'dict.setdefault': lambda: {}.setdefault(),
 'tuple.index': lambda: ().index(), 'expandtabs': lambda: "x".expandtabs(1,2), 'upper': lambda: "a".upper(1),
 'list.count': lambda: [].count(), 'append': lambda: [].append(1, 2),
}
for k, f in tests.items():
    try: f()
    except TypeError as e: print(k, "|", e)
