# Issue 7, item 3: cycles through __cause__/__context__ never hang or crash.
try:
    try:
        raise ValueError('outer')
    except ValueError as outer:
        try:
            raise KeyError('inner')
        except KeyError:
            raise outer
except ValueError as e:
    print(repr(e.__context__), repr(e.__context__.__context__))

def reraise():
    try:
        raise TypeError('t')
    except TypeError as t:
        try:
            raise t
        except TypeError as again:
            print(again is t, again.__context__)
reraise()
a = KeyError('a')
raise a from a
