class ValidationError(ValueError):
    def __init__(self, field, problem):
        super().__init__(f"{field}: {problem}")
        self.field = field

try:
    raise ValidationError("age", "negative")
except ValueError as e:
    print(type(e).__name__, e, e.field, e.args, isinstance(e, Exception))
    e.add_note("while checking a form")
    print(e.__notes__)

class Retry(Exception):
    attempts = 3

try:
    try:
        raise Retry()
    except Retry as inner:
        raise RuntimeError("gave up") from inner
except RuntimeError as outer:
    print(repr(outer.__cause__), outer.__cause__.attempts)

e = KeyError("k")
print(e.with_traceback(None) is e, repr(e))
print([c.__name__ for c in Retry.__mro__])
print(issubclass(ValidationError, ValueError), ValidationError.__bases__[0].__name__)

class Wrapper(Exception):
    def __str__(self):
        return "custom text"
try:
    raise Wrapper(1, 2)
except Exception as w:
    print(str(w), w.args, repr(w))

def risky():
    raise ValidationError("name", "empty")
try:
    risky()
except ValidationError as err:
    err.add_note("note one")
    err.add_note("note two")
    raise
