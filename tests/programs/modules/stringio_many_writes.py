# io.StringIO: many appended writes (joined in groups as they come), then
# overwriting, reading lines, and non-ASCII text.
import io
s = io.StringIO('init:')
for i in range(1000):
    s.write('line %d\n' % i)
v = s.getvalue()
print(len(v), v[:20], v[-10:])
s.seek(3)
s.write('XY')
for i in range(600):
    s.write('z')
print(s.getvalue()[:12], len(s.getvalue()))
s.seek(0)
print(s.readline(), len(s.readlines()))
t = io.StringIO()
for i in range(300): t.write('é')
print(t.tell(), t.getvalue()[-3:], len(t.getvalue()))
