try:
    int("x")
except ValueError as e:
    raise TypeError("bad input") from e
