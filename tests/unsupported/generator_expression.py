print("runs first?")
x = (y for y in range(3))
