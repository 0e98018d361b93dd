# Longest Collatz chain below a bound, with a memo dict.
def longest(limit):
    cache = {1: 1}
    best, best_n = 1, 1
    for start in range(2, limit):
        n = start
        steps = 0
        while n not in cache:
            n = n // 2 if n % 2 == 0 else 3 * n + 1
            steps += 1
        length = steps + cache[n]
        cache[start] = length
        if length > best:
            best, best_n = length, start
    return best_n, best

print(longest(300000))
