from with_all import *
print(public, exported_private)
try:
    print(not_listed)
except NameError as e:
    print(e)
from without_all import *
print(visible)
try:
    print(_hidden)
except NameError as e:
    print(e)
