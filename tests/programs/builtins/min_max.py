print(min(3, 1, 2), max(3, 1, 2), min([4, 5]), max("hello"))
print(min(["apple", "fig", "banana"], key=len), max(["apple", "fig", "banana"], key=len))
print(max([], default="empty"), min([], default=None))
print(max([1, 3, 3.0, 2]), min([2, 1, 1.0]))
print(max((1, "b"), (1, "a")), min([[2], [1, 5]]))
data = {"x": 3, "y": 9, "z": 1}
print(max(data, key=data.get), min(data.items(), key=lambda kv: kv[1]))
