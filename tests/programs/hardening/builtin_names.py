# Issue 7, item 22: names CPython's dir() lists that were missing.
print((255).bit_count(), (-7).bit_count(), (10**30).bit_count(), True.bit_count())
print(True.conjugate(), (1.5).conjugate(), (-3).conjugate(), True.as_integer_ratio())
print(Ellipsis, NotImplemented, IOError is OSError, EnvironmentError is OSError)
print('abc'.isascii(), 'é'.isascii(), 'a\tb'.isprintable(), 'ab'.isprintable())
print(issubclass(BrokenPipeError, ConnectionError), issubclass(ConnectionError, OSError))
print(issubclass(UnicodeDecodeError, UnicodeError), issubclass(UnicodeError, ValueError))
print(issubclass(TabError, IndentationError), issubclass(IndentationError, SyntaxError))
print(issubclass(GeneratorExit, Exception), issubclass(GeneratorExit, BaseException))
try:
    raise FileNotFoundError(2, 'No such file or directory')
except OSError as e:
    print(type(e).__name__, e, e.errno, e.strerror)
