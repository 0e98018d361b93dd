i = 0
while i < 5:
    i += 1
    if i == 2:
        continue
    print("i =", i)
else:
    print("while finished normally")

n = 10
while n > 0:
    if n == 7:
        print("breaking at", n)
        break
    n -= 1
else:
    print("not printed")

count = 0
while True:
    count += 1
    if count >= 100:
        break
print(count)
