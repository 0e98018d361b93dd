print("before")
class Numbered(enumerate):
    pass
