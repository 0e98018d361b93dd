# Issue 7, item 21: augmented assignment errors name the augmented operator.
for a, b in [(1, 'a'), ([1], 1.5), ('a', 'b'), (1, 2), ({}, [1]), ({1}, [1])]:
    for op in ['-=', '@=', '*=', '|=', '/=', '**=', '>>=']:
        try:
            if op == '-=':
                a -= b
            elif op == '@=':
                a @= b
            elif op == '*=':
                a *= b
            elif op == '|=':
                a |= b
            elif op == '/=':
                a /= b
            elif op == '**=':
                a **= b
            else:
                a >>= b
        except TypeError as e:
            print(op, e)
        except ValueError as e:
            print(op, 'ValueError', e)
print(1 @ 2)
