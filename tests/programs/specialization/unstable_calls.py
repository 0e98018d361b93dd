# One call site sees a Python function, a builtin and a method in turn.
def double(x):
    return 2 * x

def add(a, b=10):
    return a + b

calls = [double, abs, str, add]
out = []
for i in range(200):
    f = calls[i // 50]
    out.append(f(-i))
print(out[:2], out[50:52], out[100:102], out[150:152], out[-1])
values = [1, 2]
for i in range(100):
    values.append(len(values))
print(len(values), values[-3:], isinstance(values, list))
