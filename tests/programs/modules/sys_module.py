import sys
v = sys.version_info
print(v[:2], v.major, v.minor, v.micro, v.releaselevel, v.serial, v >= (3, 8), v < (4,), tuple(v), len(v), isinstance(v, tuple))
print(repr(sys.version_info).startswith("sys.version_info(major=3, minor=11"), v[0] == v.major)
def inner():
    frame = sys._getframe()
    return frame.f_code.co_name, frame.f_back.f_code.co_name, sys._getframe(1).f_code.co_name
def outer():
    return inner()
print(outer(), sys._getframe().f_code.co_name)
try:
    sys._getframe(10000)
except ValueError as e:
    print(e)
