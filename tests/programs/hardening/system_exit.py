# Issue 7, item 12: SystemExit exits silently with its code; finally runs.
try:
    print('before')
    raise SystemExit(3)
finally:
    print('cleanup')
