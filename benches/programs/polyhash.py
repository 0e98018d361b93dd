# Polynomial rolling hash over generated strings (int arithmetic + str).
def poly_hash(text, base, modulus):
    h = 0
    for ch in text:
        h = (h * base + ord(ch)) % modulus
    return h

def main():
    words = []
    for i in range(2000):
        words.append("word%d-%s" % (i, "xyz"[i % 3] * (i % 7)))
    total = 0
    for round_ in range(80):
        for w in words:
            total = (total + poly_hash(w, 131 + round_, 1000000007)) % 1000000007
    print(total)

main()
