# Issue 7, item 21: the recursion limit reached inside built-ins gives CPython's messages.
def by_repr(n):
    repr(n)
    by_repr(n + 1)
def by_format(n):
    format(n, 'x')
    by_format(n + 1)
def by_fstring(n):
    f'{n!r}'
    by_fstring(n + 1)
def plain(n):
    len('ab')
    plain(n + 1)
for function in (by_repr, by_format, by_fstring, plain):
    try:
        function(0)
    except RecursionError as e:
        print(function.__name__, e)
