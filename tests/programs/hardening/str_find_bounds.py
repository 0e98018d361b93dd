# Issue 7, item 16: empty needles and out-of-range starts.
print('abc'.find('', 5), 'abc'.find('', -10 ** 20), 'abc'.count('', 5), 'abc'.startswith('', 5))
print('abc'.find('', 3), 'abc'.count('', 10 ** 30), 'abc'.rfind('', 1), 'abc'.endswith(('', 'c'), 2, 1))
print('abc'.index('', 3), 'abc'.find('c', -1), 'abc'.rfind('', 10 ** 30), 'abc'.count('b', -10 ** 30, 10 ** 30))
print(''.find(''), ''.count(''), ''.startswith(''), ''.find('', 1))
try:
    'abc'.index('', 4)
except ValueError as e:
    print(e)
