import itertools as it
print(list(it.islice(it.count(5), 4)), list(it.islice(it.count(1, 0.5), 3)), repr(it.count(3)), repr(it.count(2, 3)))
print(list(it.islice(it.cycle("ab"), 5)), list(it.repeat(7, 3)), repr(it.repeat('x', 2)))
print(list(it.accumulate([1, 2, 3, 4])), list(it.accumulate([3, 1, 4], max)), list(it.accumulate([1, 2], initial=10)))
print(list(it.chain("ab", [1, 2])), list(it.chain.from_iterable(["xy", "z"])))
print(list(it.compress("abcdef", [1, 0, 1, 0, 1, 1])), list(it.dropwhile(lambda x: x < 3, [1, 2, 5, 1])))
print(list(it.filterfalse(None, [0, 1, 0, 2])), list(it.takewhile(lambda x: x < 3, [1, 2, 5, 1])))
print([(k, list(g)) for k, g in it.groupby("aaabbcaa")], [k for k, g in it.groupby([1, 1, 2, 3, 3])])
print([(k, list(g)) for k, g in it.groupby(range(10), key=lambda x: x // 3)])
groups = it.groupby("aabbc")
k1, g1 = next(groups); k2, g2 = next(groups); print(k1, list(g1), k2, list(g2))
print(list(it.islice("abcdefg", 2)), list(it.islice("abcdefg", 2, 4)), list(it.islice("abcdefg", 1, None, 2)))
print(list(it.pairwise([1, 2, 3, 4])), list(it.starmap(pow, [(2, 3), (3, 2)])))
a, b = it.tee([1, 2, 3]); print(list(a), list(b))
print(list(it.zip_longest("ab", "xyz", fillvalue="-")))
print(list(it.product("ab", repeat=2)), list(it.product([1, 2], "xy")))
print(list(it.permutations([1, 2, 3])), list(it.permutations("abc", 2)))
print(list(it.combinations(range(4), 2)), list(it.combinations_with_replacement("ab", 2)))
print(len(list(it.permutations(range(6)))), len(list(it.combinations(range(10), 4))))
for bad in [lambda: it.islice("a", -1), lambda: list(it.permutations([1], -1))]:
    try:
        bad()
    except ValueError as e:
        print(e)
