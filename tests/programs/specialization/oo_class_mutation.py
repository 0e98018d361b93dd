# A class modified inside a hot loop: the specialized attribute loads
# miss, deoptimize, and specialize again on the new class version.
class Counter:
    step = 1

    def __init__(self):
        self.count = 0

    def bump(self):
        self.count += self.step


c = Counter()
for i in range(3000):
    if i % 1000 == 999:
        Counter.step = Counter.step + 1
    c.bump()
print(c.count, Counter.step)
