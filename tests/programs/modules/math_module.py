import math

values = [0.0, -0.0, 0.5, 1.0, 2.0, 10.0, 1e-10, 1e300, 7, 2**70]
for name in ['sqrt', 'exp', 'log', 'log2', 'log10', 'sin', 'cos', 'tan', 'atan',
             'sinh', 'cosh', 'tanh', 'asinh', 'expm1', 'log1p', 'fabs', 'erf', 'erfc',
             'cbrt', 'exp2']:
    out = []
    for v in values:
        try:
            out.append(repr(getattr(math, name)(v)))
        except (ValueError, OverflowError) as e:
            out.append(type(e).__name__ + ': ' + str(e))
    print(name, out)
for name in ['acos', 'asin', 'acosh', 'atanh']:
    for v in [-1.0, 0.0, 0.5, 1.0, 2.0]:
        try:
            print(name, v, getattr(math, name)(v))
        except ValueError as e:
            print(name, v, e)
print(math.pi, math.e, math.tau, math.inf, -math.inf, math.nan)
print(math.floor(3.7), math.floor(-3.2), math.ceil(3.2), math.ceil(-3.7), math.trunc(-3.7), type(math.floor(2.0)))
print(math.floor(10**30), math.ceil(7), math.trunc(True))
print(math.isqrt(10**40 + 12345), math.isqrt(0), math.isqrt(99))
print(math.comb(50, 20), math.comb(5, 7), math.perm(10, 3), math.perm(6), math.factorial(25))
print(math.gcd(), math.gcd(12, 18), math.gcd(12, 18, 27), math.gcd(-4, 6), math.lcm(4, 6, 10), math.lcm(), math.lcm(0, 5))
print(math.prod([1, 2, 3, 4]), math.prod([]), math.prod([1.5, 2]), math.prod([2, 3], start=10))
print(math.fsum([0.1] * 10), sum([0.1] * 10), math.fsum([1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50]))
print(math.hypot(3, 4), math.hypot(1, 2, 3), math.hypot(), math.dist((1, 2), (4, 6)), math.dist([0, 0, 0], [1, 1, 1]))
print(math.isclose(1.0, 1.0 + 1e-10), math.isclose(1.0, 1.1), math.isclose(0.0, 1e-12, abs_tol=1e-9))
print(math.isfinite(1.0), math.isinf(math.inf), math.isnan(math.nan), math.isnan(1.0))
print(math.copysign(3, -0.0), math.fmod(7, -3), math.fmod(-7.5, 2), math.remainder(7, 3), math.remainder(5, 2))
print(math.frexp(8.0), math.frexp(-0.3), math.frexp(0.0), math.ldexp(0.5, 4), math.ldexp(1.0, -1074))
print(math.modf(3.75), math.modf(-2.5), math.degrees(math.pi), math.radians(180))
print(math.pow(2, 10), math.pow(2, -1), math.pow(0, 0), math.atan2(1, -1), math.nextafter(1.0, 2.0), math.ulp(1.0))
print(math.log(8, 2), math.log(100, 10), math.log(2**1000), math.log10(10**400), math.log2(2**2000))
print(math.gamma(5), math.gamma(0.5), math.lgamma(10))
for bad in [lambda: math.sqrt(-1), lambda: math.log(0), lambda: math.log(-5), lambda: math.exp(1000),
            lambda: math.factorial(-1), lambda: math.factorial(2.5), lambda: math.pow(0, -1),
            lambda: math.isqrt(-1), lambda: math.comb(-1, 2), lambda: math.floor(math.inf),
            lambda: math.floor(math.nan), lambda: math.sqrt("x"), lambda: math.gamma(0),
            lambda: math.fmod(math.inf, 1), lambda: math.dist((1,), (1, 2)), lambda: math.ldexp(1.0, 5000)]:
    try:
        print(bad())
    except (ValueError, OverflowError, TypeError) as e:
        print(type(e).__name__, e)
class Number:
    def __float__(self): return 2.25
    def __floor__(self): return "floored"
print(math.sqrt(Number()), math.floor(Number()))
