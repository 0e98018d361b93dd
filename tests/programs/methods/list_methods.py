a = [3, 1, 2]
a.append(4); print(a)
a.extend([5, 6]); print(a)
a.insert(0, 0); print(a)
a.insert(100, 7); print(a)
a.insert(-1, 99); print(a)
print(a.pop(), a.pop(0), a)
a.remove(99); print(a)
print(a.index(2), a.count(1), [1, 1, 2].count(1))
a.sort(); print(a)
a.sort(reverse=True); print(a)
a.reverse(); print(a)
b = a.copy(); b.clear(); print(a, b)
words = ["ccc", "a", "bb"]
words.sort(key=len); print(words)
print([1, 2] + [3], [0] * 3, [[]] * 2, 2 * [1, 2])
nested = [[3, 4], [1, 2]]
nested.sort(); print(nested)
print([1, 2, 3] == [1, 2, 3], [1, 2] != [1, 2, 3], [1, 2] < [1, 2, 0])
