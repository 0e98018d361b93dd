# Generator pipelines and comprehensions: a stream of records filtered,
# mapped and grouped through generator functions, generator expressions
# fed to sum/any/max/sorted/tuple/set, and list/dict/set comprehensions
# built afresh on every round (short-lived generators and containers).
def records(n, seed):
    state = seed
    for i in range(n):
        state = (state * 1103515245 + 12345) & 0x7FFFFFFF
        yield (i, state % 97, state % 13, (state >> 8) % 1000)


def valid(stream):
    for record in stream:
        if record[1] % 5 != 0:
            yield record


def scaled(stream, factor):
    for index, key, group, amount in stream:
        yield index, key, group, amount * factor


def summarize(n, seed):
    rows = list(scaled(valid(records(n, seed)), 3))
    by_group = {g: [r[3] for r in rows if r[2] == g] for g in range(13)}
    totals = {g: sum(amounts) for g, amounts in by_group.items()}
    keys = {r[1] for r in rows}
    big = any(amount > 2990 for amount in (r[3] for r in rows))
    top = max(sum(a for a in amounts if a % 2 == 0) for amounts in by_group.values())
    order = tuple(sorted(totals, key=lambda g: (-totals[g], g))[:3])
    squares = [x * x for x in range(len(keys)) if x % 3]
    return len(rows), len(keys), big, top, order, sum(squares)


def main():
    checksum = 0
    result = None
    for seed in range(240):
        result = summarize(1500, seed)
        checksum += result[0] + result[1] + result[3] + result[5]
    print(result)
    print(checksum)


main()
