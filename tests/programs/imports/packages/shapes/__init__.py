VERSION = "1.0"
print("initializing", __name__)
