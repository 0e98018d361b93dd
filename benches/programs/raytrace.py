# A tiny ray tracer: vectors, spheres and rays as objects with operator
# methods (an attribute- and call-heavy workload like raytrace/chaos).
class Vector:
    def __init__(self, x, y, z):
        self.x = x
        self.y = y
        self.z = z

    def __add__(self, other):
        return Vector(self.x + other.x, self.y + other.y, self.z + other.z)

    def __sub__(self, other):
        return Vector(self.x - other.x, self.y - other.y, self.z - other.z)

    def scale(self, k):
        return Vector(self.x * k, self.y * k, self.z * k)

    def dot(self, other):
        return self.x * other.x + self.y * other.y + self.z * other.z

    def normalized(self):
        length = self.dot(self) ** 0.5
        return self.scale(1.0 / length)


class Ray:
    def __init__(self, origin, direction):
        self.origin = origin
        self.direction = direction.normalized()


class Sphere:
    def __init__(self, center, radius, shade):
        self.center = center
        self.radius = radius
        self.shade = shade

    def intersect(self, ray):
        offset = ray.origin - self.center
        b = offset.dot(ray.direction)
        c = offset.dot(offset) - self.radius * self.radius
        disc = b * b - c
        if disc < 0:
            return None
        t = -b - disc ** 0.5
        return t if t > 1e-6 else None

    def normal(self, point):
        return (point - self.center).normalized()


def trace(scene, light, ray):
    nearest, hit = None, None
    for sphere in scene:
        t = sphere.intersect(ray)
        if t is not None and (nearest is None or t < nearest):
            nearest, hit = t, sphere
    if hit is None:
        return 0.0
    point = ray.origin + ray.direction.scale(nearest)
    brightness = hit.normal(point).dot((light - point).normalized())
    return hit.shade * max(brightness, 0.0)


scene = [
    Sphere(Vector(0.0, 0.0, 5.0), 1.0, 0.9),
    Sphere(Vector(1.5, 0.5, 6.0), 1.0, 0.6),
    Sphere(Vector(-1.5, -0.5, 4.5), 0.7, 0.8),
]
light = Vector(5.0, 5.0, -5.0)
eye = Vector(0.0, 0.0, 0.0)
size = 160
total = 0.0
for row in range(size):
    for column in range(size):
        direction = Vector((column - size / 2) / size, (row - size / 2) / size, 1.0)
        total += trace(scene, light, Ray(eye, direction))
print(round(total, 6))
