import time
t = time.gmtime(1_000_000_000)
print(t, t.tm_year, t[0], tuple(t), time.strftime("%Y-%m-%d %H:%M:%S %a %b %j", t), time.asctime(t))
print(time.mktime(time.localtime(1_000_000_000)) == 1_000_000_000.0, type(time.timezone), len(time.tzname))
print(time.strftime("%d/%m/%Y", (2020, 2, 29, 0, 0, 0, 5, 60, 0)), time.ctime(0) == time.asctime(time.localtime(0)))
