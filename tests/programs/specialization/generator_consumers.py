# sum, any, all, sorted, min, max and str.join over generators that
# allocate: each consumer drains its generator with the collector running.
def words(n):
    for i in range(n):
        yield str(i) * 200


print(sum(len(w) for w in words(3000)))
print(sum((len(w) for w in words(3000)), 10))
print(any(w.startswith("2999") for w in words(3000)))
print(all(len(w) > 0 for w in words(3000)))
print(all(len(w) > 400 for w in words(3000)))
print(len(sorted((w[:5] for w in words(3000)), key=len, reverse=True)))
print(min(len(w) for w in words(3000)), max((w[-3:] for w in words(3000)), default=None))
print(len("".join(w[:3] for w in words(3000))))
print(len(",".join(w for w in words(3000))))


# any() stops at the first true item and leaves the generator suspended.
def noisy():
    for i in range(5):
        print("yield", i)
        yield i


print(any(x >= 2 for x in noisy()))
