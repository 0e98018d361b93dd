graph = {"a": ["b", "c"], "b": ["d"], "c": ["d", "e"], "d": [], "e": ["a"]}
def dfs(node, seen):
    if node in seen:
        return []
    seen.add(node)
    order = [node]
    for nxt in graph[node]:
        order += dfs(nxt, seen)
    return order
print(dfs("a", set()))
queue = ["a"]
dist = {"a": 0}
while queue:
    node = queue.pop(0)
    for nxt in graph[node]:
        if nxt not in dist:
            dist[nxt] = dist[node] + 1
            queue.append(nxt)
print(dist)
a = [1, 2]
a.append(a)
print(a)
d = {"self": None}
d["self"] = d
print(d)
