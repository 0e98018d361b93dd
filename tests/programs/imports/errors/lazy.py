computed = "eager"
def __getattr__(name):
    if name == "missing":
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return "lazy " + name
