# Dense matrix multiply on lists of lists.
def make(n, seed):
    m = []
    x = seed
    for i in range(n):
        row = []
        for j in range(n):
            x = (x * 1103515245 + 12345) % 2147483648
            row.append((x % 1000) / 100.0)
        m.append(row)
    return m

def multiply(a, b):
    n = len(a)
    p = len(b[0])
    bt = [[b[k][j] for k in range(len(b))] for j in range(p)]
    result = []
    for i in range(n):
        row_a = a[i]
        out = []
        for j in range(p):
            col = bt[j]
            s = 0.0
            for k in range(len(row_a)):
                s += row_a[k] * col[k]
            out.append(s)
        result.append(out)
    return result

a = make(150, 1)
b = make(150, 2)
c = multiply(a, b)
c = multiply(c, a)
print("%.6e" % sum([sum(row) for row in c]))
