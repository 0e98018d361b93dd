from fractions import Fraction as F
import math
print(F(3, 4), repr(F(6, -8)), F("3/4"), F(" -1.25e1 "), F("1_000/3"), F(0.1), F(5), F(F(1, 3)), F(1.5, 1) if False else F(3, 2))
a, b = F(1, 3), F(1, 6)
print(a + b, a - b, a * b, a / b, a // b, a % b, divmod(a, b), a ** 2, a ** -2, F(-2, 3) ** -3, 4 ** F(1, 2), F(4) ** F(1, 2))
print(a + 1, 1 + a, a * 2.5, 2.5 * a, a == F(2, 6), a == 1 / 3, F(1, 2) == 0.5, a < b, a > 0.3, F(1, 2) <= 0.5)
print(hash(F(1, 2)) == hash(0.5), hash(F(3)) == hash(3), hash(F(1, 3)), hash(F(-5, 7)))
print(F(3.141592653589793).limit_denominator(100), F(3.141592653589793).limit_denominator(), F(1, 3).limit_denominator(2))
print(float(F(1, 3)), int(F(-7, 2)), math.floor(F(-7, 2)), math.ceil(F(-7, 2)), round(F(5, 2)), round(F(7, 2)), round(F(1, 3), 2), abs(F(-1, 2)))
print(F(7, 3).numerator, F(7, 3).denominator, F(7, 3).as_integer_ratio(), sorted([F(1, 2), F(1, 3), 0.4]), sum([F(1, 2), F(1, 3)]))
print(format(F(1, 3)), str(F(10, 5)), bool(F(0)))
for bad in ["1/0", "abc", "1.2.3", "", "1/-2"]:
    try:
        print(F(bad))
    except (ValueError, ZeroDivisionError) as e:
        print(type(e).__name__, e)
try:
    F(1, 0)
except ZeroDivisionError as e:
    print(e)
try:
    F(1.5, 2)
except TypeError as e:
    print(e)
