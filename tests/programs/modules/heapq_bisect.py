import heapq, bisect
h = []
for x in [5, 1, 8, 3, 9, 2, 7]:
    heapq.heappush(h, x)
print(h, heapq.heappop(h), h)
data = [9, 4, 7, 1, 8, 2, 6, 3, 5, 0]
heapq.heapify(data); print(data)
print(heapq.heappushpop(data, -1), heapq.heapreplace(data, 10), data)
print(heapq.nlargest(3, [5, 1, 9, 3]), heapq.nsmallest(2, [5, 1, 9, 3]), heapq.nlargest(2, ["a", "ccc", "bb"], key=len))
print(list(heapq.merge([1, 4, 7], [2, 5, 8], [3, 6])), list(heapq.merge([3, 2], [5, 1], reverse=True)))
print([heapq.heappop(data) for _ in range(len(data))])
a = [1, 2, 2, 2, 3, 5]
print(bisect.bisect_left(a, 2), bisect.bisect_right(a, 2), bisect.bisect(a, 4), bisect.bisect_left(a, 2, 2, 3))
bisect.insort(a, 4); bisect.insort_left(a, 2); print(a)
print(bisect.bisect_left([("a", 1), ("c", 3)], "b", key=lambda t: t[0]))
try:
    bisect.bisect_left(a, 1, -1)
except ValueError as e:
    print(e)
