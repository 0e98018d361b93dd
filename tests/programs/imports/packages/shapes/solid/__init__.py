from . import cube
from .. import flat
from ..flat import PI
def describe():
    return "solid uses " + flat.__name__ + " " + str(PI)
