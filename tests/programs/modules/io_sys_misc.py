import io, os, sys, string, keyword, time, gc, importlib, types
path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "io_sys_misc.%d.tmp" % os.getpid())
with open(path, "w") as f:
    f.write("alpha\nbeta\r\ngamma")
    print(f.writable(), f.readable(), f.closed)
with open(path) as f:
    print(f.readline(), end="")
    print(list(f))
with open(path, "a") as f:
    print("delta", file=f)
with open(path) as f:
    print(f.read().splitlines(), f.tell())
os.remove(path)
print(os.path.exists(path))
for mode in ["rw", "x+r", "q"]:
    try:
        open(path, mode)
    except (ValueError, NotImplementedError) as e:
        print(type(e).__name__, e)
try:
    open(os.path.join(path, "missing"))
except OSError as e:
    print(type(e).__name__, e.errno)
s = io.StringIO("one\ntwo\n")
print(s.readline(), s.read(2), s.tell(), s.getvalue().count("\n"))
s = io.StringIO(); s.write("abc"); s.seek(1); s.write("X"); print(s.getvalue())
print(type(sys.argv), sys.maxsize, sys.byteorder, sys.platform, sys.version_info[:2] >= (3, 0), type(sys.path))
print(sys.getrecursionlimit()); sys.setrecursionlimit(2000); print(sys.getrecursionlimit())
print("sys" in sys.modules, sys.modules["sys"] is sys, sys.intern("ab") == "ab", sys.float_info.max, sys.float_info.epsilon, sys.int_info.bits_per_digit)
sys.stdout.write("written\n")
print(sys.stdout.write("") == 0, hasattr(sys.stderr, "write"))
print(string.ascii_letters, string.digits, string.punctuation, repr(string.whitespace), string.capwords("hello   world"))
print(string.Template("$who likes ${what}").substitute(who="tim", what="kung pao"))
print(keyword.iskeyword("for"), keyword.iskeyword("print"), len(keyword.kwlist), keyword.softkwlist)
t0 = time.perf_counter(); time.sleep(0.01); print(time.perf_counter() - t0 >= 0.005, time.time() > 1e9, type(time.monotonic_ns()))
print(gc.isenabled(), type(gc.collect()))
m = importlib.import_module("json.decoder"); print(m.__name__, importlib.import_module(".encoder", "json").__name__)
print(types.SimpleNamespace(a=1), isinstance(len, types.BuiltinFunctionType), isinstance(lambda: 0, types.FunctionType))
try:
    sys.exit(3)
except SystemExit as e:
    print("exit code", e.code)
