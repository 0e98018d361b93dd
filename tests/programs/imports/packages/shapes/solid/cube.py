def volume(side):
    return side ** 3
