# A hot object-oriented loop: attribute loads and stores on instances,
# method calls, and instance creation through __init__.
class Particle:
    def __init__(self, x, v):
        self.x = x
        self.v = v

    def step(self, dt):
        self.x = self.x + self.v * dt
        return self.x


particles = [Particle(float(i), 0.5) for i in range(100)]
total = 0.0
for round_number in range(200):
    for p in particles:
        total += p.step(0.1)
    fresh = Particle(total, 1.0)
print(round(total, 6), fresh.v)
