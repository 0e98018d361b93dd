import first
print(first.value, first.second.value, first.second.seen_from_second)
try:
    import broken_a
except ImportError as e:
    print(type(e).__name__, str(e).split(" (")[0])
import sys
print("broken_a" in sys.modules, "broken_b" in sys.modules)
