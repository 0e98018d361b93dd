def fact(n):
    return 1 if n <= 1 else n * fact(n - 1)
print(fact(30))

def ackermann(m, n):
    if m == 0:
        return n + 1
    if n == 0:
        return ackermann(m - 1, 1)
    return ackermann(m - 1, ackermann(m, n - 1))
print(ackermann(2, 3))

depth = 0
def dive():
    global depth
    depth += 1
    dive()
try:
    dive()
except RecursionError as e:
    print("RecursionError:", e, depth)

def hanoi(n, a, b, c, moves):
    if n:
        hanoi(n - 1, a, c, b, moves)
        moves.append((a, c))
        hanoi(n - 1, b, a, c, moves)
    return moves
print(len(hanoi(10, "A", "B", "C", [])))
