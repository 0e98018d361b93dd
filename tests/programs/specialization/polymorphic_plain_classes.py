# A base-class method run on instances of four subclasses with the same
# attribute layout: the instance-value and method loads stay specialized.
class Shape:
    def __init__(self, size):
        self.size = size
        self.scale = 1

    def area(self):
        return self.size * self.scale * self.factor()

    def factor(self):
        return 1

    def grow(self):
        self.scale = self.scale + 1


class Square(Shape):
    def factor(self):
        return 4


class Circle(Shape):
    def factor(self):
        return 3


class Blob(Shape):
    pass


class Dot(Shape):
    pass


shapes = [Square(1), Circle(2), Blob(3), Dot(4)]
total = 0
for i in range(3000):
    for s in shapes:
        total += s.area()
        if i % 1000 == 0:
            s.grow()
print(total)
