counter = 0

def bump():
    global counter
    counter += 1

for _ in range(5):
    bump()
print(counter)

def read_global():
    return counter * 2
print(read_global())

def shadow():
    counter = 100
    return counter
print(shadow(), counter)

def outer():
    value = 1
    def change():
        nonlocal value
        value = 2
    change()
    return value
print(outer())

def make_global():
    global created
    created = "made"
make_global()
print(created)
