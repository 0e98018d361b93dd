import struct
for f in ["i", "<i", "@bi", "<bi", "3s", "2h", "!d", "qQ", "@ci", "=e", "P"]:
    print(f, struct.calcsize(f))
print(struct.Struct("<hh").size)
try:
    struct.calcsize("y")
except struct.error as e:
    print("error", e)
