def f():
    for i in range(3):
        try:
            return i
        finally:
            break
    return 'after'
print(f())
def g():
    out = []
    for i in range(3):
        try:
            out.append(i)
            return out
        finally:
            if i < 2:
                continue
    return out
print(g())
def h():
    while True:
        try:
            1/0
        finally:
            break
    return 'swallowed'
print(h())
for i in range(2):
    try:
        pass
    finally:
        continue
print('done')
def k():
    for x in [1, 2]:
        for y in [3, 4]:
            try:
                raise ValueError
            finally:
                break
    return x, y
print(k())
def nested():
    try:
        try:
            return 'inner'
        finally:
            return 'middle'
    finally:
        print('outer finally')
print(nested())
def loop_return():
    for i in range(5):
        try:
            try:
                return i
            finally:
                if i < 3:
                    continue
        finally:
            print('cleanup', i)
print(loop_return())
