import os, os.path
from os.path import join, splitext
print(os.path.join("a", "b", "/c", "d"), splitext("x/y.tar.gz"), os.path.basename("/a/b.py"), os.path.dirname("/a/b.py"))
print(os.path.normpath("/a/./b/../c//d"), os.path.isabs("/x"), os.path.exists("/tmp"), os.path.isdir("/tmp"), os.path.isfile("/tmp"))
print(os.sep, os.getcwd() == os.path.abspath("."), type(os.environ["PATH"]), os.getenv("NOPE_X", 5))
print(os.path.split("/a/b/c"), os.path.relpath("/a/b/c", "/a"), os.path.commonprefix(["abc", "abd"]))
print("os_path.py" in os.listdir(os.path.dirname(os.path.abspath(__file__))), os.path.getsize(__file__) > 0)
print(os.path.expanduser("~/x") == os.environ["HOME"] + "/x")
