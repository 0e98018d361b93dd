try:
    import no_such_module_anywhere
except ModuleNotFoundError as e:
    print(e, e.name)
try:
    from present import missing_name
except ImportError as e:
    print(str(e).split(" (")[0], e.name)
try:
    import present.sub
except ModuleNotFoundError as e:
    print(e)
try:
    from sys import nothing_here
except ImportError as e:
    print(e)
try:
    from . import anything
except ImportError as e:
    print(e)
try:
    import bad_syntax
except SyntaxError as e:
    print(type(e).__name__)
import sys
print("bad_syntax" in sys.modules)
try:
    import raises_on_import
except ZeroDivisionError as e:
    print("import failed:", e)
print("raises_on_import" in sys.modules)
import present
present.added = "set from outside"
import present as again
print(again.added, again.value)
del present.added
print(hasattr(present, "added"))
import lazy
print(lazy.computed, lazy.anything_else)
try:
    lazy.missing
except AttributeError as e:
    print(e)
import no_such_module_at_the_end
