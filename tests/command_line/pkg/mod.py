import sys

print("pkg.mod:", __name__, __package__, sys.argv[0].rsplit("/", 1)[-1], sys.argv[1:])
if __name__ == "__main__":
    raise SystemExit(int(sys.argv[1]) if len(sys.argv) > 1 and sys.argv[1].isdigit() else 0)
