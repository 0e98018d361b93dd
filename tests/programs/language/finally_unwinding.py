def f1():
    out = []
    for i in range(5):
        try:
            try:
                if i == 1:
                    continue
                if i == 3:
                    break
                out.append(i)
            finally:
                out.append("inner" + str(i))
        finally:
            out.append("outer" + str(i))
    return out
print(f1())
def f2():
    try:
        try:
            raise ValueError("a")
        finally:
            print("finally runs before handler")
    except ValueError as e:
        return "handled " + str(e)
print(f2())
def f3():
    for i in range(3):
        try:
            return i
        finally:
            if i == 0:
                print("finally with return", i)
print(f3())
def f4():
    try:
        1 / 0
    except ZeroDivisionError:
        try:
            [][1]
        except IndexError as inner:
            return type(inner).__name__
print(f4())
def gen():
    try:
        yield 1
        raise KeyError("k")
    except KeyError as e:
        yield "caught " + repr(e)
    finally:
        yield "finally"
print(list(gen()))
d = {1: 2, 3: 4}
try:
    for k in d:
        d[k + 10] = 0
except RuntimeError as e:
    print("RuntimeError:", e)
lst = [1, 2, 3]
for x in lst:
    if x == 1:
        lst.append(4)
print(lst)
def nested_loops():
    result = []
    for a in range(3):
        for b in range(3):
            try:
                if b == 1:
                    continue
                if a == 2:
                    return result
            finally:
                result.append((a, b))
    return result
print(nested_loops())
x = 0
while True:
    try:
        x += 1
        if x > 3:
            break
    finally:
        x += 10
print(x)
def exc_in_finally():
    try:
        return 1
    finally:
        try:
            raise ValueError
        except ValueError:
            pass
print(exc_in_finally())
try:
    try:
        raise TypeError("t")
    except TypeError:
        raise ValueError("v")
except ValueError as e:
    print(repr(e), repr(e.__context__) if hasattr(e, "__context__") else "no ctx attr")
