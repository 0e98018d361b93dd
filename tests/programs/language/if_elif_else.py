def classify(n):
    if n < 0:
        return "negative"
    elif n == 0:
        return "zero"
    elif n < 10:
        return "small"
    else:
        return "large"

for n in [-5, 0, 3, 10, 99]:
    print(n, classify(n))
x = 5
if x > 3 and x < 10 or x == 42:
    print("in range")
if not (x > 3):
    print("never")
else:
    print("not-not")
print("yes" if x else "no", "yes" if 0 else "no")
