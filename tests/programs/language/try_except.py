def risky(kind):
    if kind == 0:
        return 1 / 0
    if kind == 1:
        return [][0]
    if kind == 2:
        return {}["missing"]
    if kind == 3:
        raise ValueError("bad value")
    return "ok"

for kind in range(5):
    try:
        result = risky(kind)
    except ZeroDivisionError as e:
        print("zero:", e)
    except (IndexError, KeyError) as e:
        print("lookup:", type(e).__name__, e)
    except Exception as e:
        print("other:", repr(e))
    else:
        print("no error:", result)
    finally:
        print("finally", kind)

def with_finally():
    try:
        return "from try"
    finally:
        print("cleanup runs")
print(with_finally())

def nested():
    try:
        try:
            raise KeyError("inner")
        except KeyError:
            raise ValueError("converted")
    except ValueError as e:
        return "caught " + str(e)
print(nested())

for i in range(3):
    try:
        if i == 1:
            continue
        print("body", i)
    finally:
        print("fin", i)

try:
    raise TypeError
except TypeError as e:
    print("bare type raised:", repr(e))
try:
    try:
        1 / 0
    except ZeroDivisionError:
        raise
except ZeroDivisionError as e:
    print("re-raised:", e)
e = "still defined?"
try:
    raise IndexError("x")
except IndexError as e:
    pass
try:
    print(e)
except NameError:
    print("handler name is cleared")
