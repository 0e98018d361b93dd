print(None[0])
