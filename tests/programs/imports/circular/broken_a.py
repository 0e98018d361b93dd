from broken_b import thing
helper = 1
