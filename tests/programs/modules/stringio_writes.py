# StringIO: appends, overwrites, seeks past the end, truncation (appends are
# joined lazily; the length is tracked without joining).
import io
s = io.StringIO('abc')
print(repr(s.getvalue()), s.tell())
s.write('XY'); print(repr(s.getvalue()), s.tell())
s.seek(0, 2); s.write('end'); print(repr(s.getvalue()), s.tell())
s.seek(10); s.write('far'); print(repr(s.getvalue()), s.tell())
s.seek(2); s.truncate(); print(repr(s.getvalue()), s.tell())
s.write('q'); s.write('r'); print(repr(s.getvalue()), s.tell())
s.truncate(1); s.seek(0, 2); print(s.tell()); s.write('z'); print(repr(s.getvalue()))
s.seek(0); s.truncate(); s.write('a\nb\n'); s.seek(0); print(s.readlines())
t = io.StringIO()
for i in range(1000):
    t.write('line %d\n' % i)
print(len(t.getvalue()), t.tell())
t.seek(0); t.truncate(); print(repr(t.getvalue()), t.tell())
