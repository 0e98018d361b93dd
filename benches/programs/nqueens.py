# N-queens with explicit loops and backtracking (no permutations module).
def solve(n):
    count = 0
    cols = [False] * n
    diag1 = [False] * (2 * n)
    diag2 = [False] * (2 * n)
    row_choice = [0] * n
    row = 0
    col = 0
    while row >= 0:
        placed = False
        while col < n:
            if not cols[col] and not diag1[row + col] and not diag2[row - col + n]:
                cols[col] = diag1[row + col] = diag2[row - col + n] = True
                row_choice[row] = col
                placed = True
                break
            col += 1
        if placed:
            if row == n - 1:
                count += 1
                cols[col] = diag1[row + col] = diag2[row - col + n] = False
                col += 1
            else:
                row += 1
                col = 0
        else:
            row -= 1
            if row >= 0:
                col = row_choice[row]
                cols[col] = diag1[row + col] = diag2[row - col + n] = False
                col += 1
    return count

for n in range(4, 11):
    print(n, solve(n))
