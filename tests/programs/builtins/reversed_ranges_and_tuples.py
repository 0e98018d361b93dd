# reversed() over ranges (negative steps, big bounds, the edges of the
# inline int range), tuples and lists, resumed after a next().
print(list(reversed(range(5))), list(reversed(range(1, 20, 3))), list(reversed(range(10, -10, -4))))
print(list(reversed((1, "a", None))), list(reversed(range(0))), list(reversed(range(2**40, 2**40 + 3))))
print(list(reversed(range(-2**46, -2**46 + 9, 4))))
r = reversed(range(3)); next(r); print(list(r), list(r))
t = 0
for k in range(300):
    for i in reversed(range(k % 7)):
        t += i
print(t)
