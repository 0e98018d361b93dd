print("before")
class Stack(list):
    pass
