try:
    try:
        1/0
    except ZeroDivisionError as z:
        raise KeyError("k") from z
except KeyError as e:
    print(repr(e.__cause__), repr(e.__context__), (1).__class__, "a".__class__.__name__)
try:
    raise ValueError from None
except ValueError as e:
    print(e.__cause__, e.__context__)
