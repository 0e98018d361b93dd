def find(items, target):
    for index, item in enumerate(items):
        if item == target:
            print("found", target, "at", index)
            break
    else:
        print(target, "not found")

find([3, 1, 4, 1, 5], 4)
find([3, 1, 4, 1, 5], 9)
for i in range(3):
    for j in range(3):
        if j == i:
            continue
        if j > 1:
            break
        print(i, j)
total = 0
for x in range(1, 101):
    total += x
print(total)
for ch in "abc":
    print(ch, end=" ")
print()
for k, v in {"a": 1, "b": 2}.items():
    print(k, v)
for a, (b, c) in [(1, (2, 3)), (4, (5, 6))]:
    print(a + b + c)
