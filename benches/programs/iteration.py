# The iterators real loops use: enumerate, zip, reversed, dict views
# (items/keys/values) and str iteration, with tuple unpacking of the pairs
# they produce.
def word_stats(words):
    positions = {}
    for index, word in enumerate(words):
        positions.setdefault(word, []).append(index)
    lengths = {}
    for word, where in positions.items():
        lengths[word] = len(word) * len(where)
    return positions, lengths


def pair_sums(xs, ys):
    total = 0
    for a, b in zip(xs, ys):
        total += a * b
    for a, b in zip(reversed(xs), ys):
        total -= a
    return total


def letter_counts(text):
    counts = {}
    for ch in text:
        counts[ch] = counts.get(ch, 0) + 1
    best = 0
    for ch in counts.keys():
        best = max(best, counts[ch])
    return best, sum(counts.values())


def main():
    vocabulary = ["alpha", "beta", "gamma", "delta", "epsilon", "zeta", "eta", "theta"]
    words = [vocabulary[(i * 7 + i // 3) % len(vocabulary)] for i in range(3000)]
    text = " ".join(words)
    xs = list(range(2000))
    ys = [x % 17 for x in xs]
    checksum = 0
    for round_ in range(300):
        positions, lengths = word_stats(words)
        checksum += sum(lengths.values()) + len(positions)
        checksum += pair_sums(xs, ys) + round_
        best, total = letter_counts(text)
        checksum += best + total
    print(checksum)


main()
