from ..flat import PI
def volume(r):
    return 4 / 3 * PI * r ** 3
