# An error raised inside a Python __getitem__ entered as a frame by the
# specialized item read propagates out of the program.

class Small:
    def __getitem__(self, i):
        return [1, 2][i]


small = Small()
print(sum(small[k % 2] for k in range(100)))
print(small[5])
