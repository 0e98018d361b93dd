import random
for s in [42, -7, 2**100, "hello", 0, 3.5]:
    random.seed(s)
    print(s, random.random(), random.getrandbits(70), random.randrange(1000), random.randint(1, 6))
    print(random.choice("abcdef"), random.sample(range(100), 5), random.uniform(1, 2))
    x = list(range(10)); random.shuffle(x); print(x)
    print(random.choices([1,2,3], k=4), random.choices("ab", weights=[1, 3], k=5))
    print(random.gauss(0, 1), random.normalvariate(0, 1), random.expovariate(2.0))
    print(random.gammavariate(2.5, 1.0), random.betavariate(2, 3), random.vonmisesvariate(1, 2))
r = random.Random(5)
st = r.getstate()
a = [r.random() for _ in range(3)]
r.setstate(st)
print(a == [r.random() for _ in range(3)])
print(random.sample(range(10**6), 8))
