try:
    exit(0)
except SystemExit as e:
    print('caught', e.args)
raise SystemExit('goodbye')
