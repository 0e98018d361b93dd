try:
    input("prompt> ")
except EOFError as e:
    print("EOF:", e)
