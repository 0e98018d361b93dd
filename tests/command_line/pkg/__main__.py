import sys

print("pkg.__main__:", __name__, __package__, sys.argv[0].rsplit("/", 1)[-1], sys.argv[1:])
