import sys

print(sys.argv)
print("__debug__ is", __debug__)
