class AppError(Exception):
    pass
class Thing:
    def __init__(self):
        self.value = 1
t = Thing()
print(t.value)
try:
    t.missing
except AttributeError as e:
    print(e)
raise AppError("bad thing")
