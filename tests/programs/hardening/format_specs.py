# Issue 7, items 1 and 18: format specs and %-formatting, incl. huge precision and widths.
try:
    print("format(1,'04,')", '->', repr(format(1,'04,')))
except Exception as e:
    print("format(1,'04,')", '->', type(e).__name__, e)
try:
    print("format(1,'05,')", '->', repr(format(1,'05,')))
except Exception as e:
    print("format(1,'05,')", '->', type(e).__name__, e)
try:
    print("format(-1,'05,')", '->', repr(format(-1,'05,')))
except Exception as e:
    print("format(-1,'05,')", '->', type(e).__name__, e)
try:
    print("format(1234,'08,')", '->', repr(format(1234,'08,')))
except Exception as e:
    print("format(1234,'08,')", '->', type(e).__name__, e)
try:
    print("format(1.5,'08,.2f')", '->', repr(format(1.5,'08,.2f')))
except Exception as e:
    print("format(1.5,'08,.2f')", '->', type(e).__name__, e)
try:
    print("format(255,'#010_x')", '->', repr(format(255,'#010_x')))
except Exception as e:
    print("format(255,'#010_x')", '->', type(e).__name__, e)
try:
    print("format(255,'#010_b')", '->', repr(format(255,'#010_b')))
except Exception as e:
    print("format(255,'#010_b')", '->', type(e).__name__, e)
try:
    print("format(1,'_x')", '->', repr(format(1,'_x')))
except Exception as e:
    print("format(1,'_x')", '->', type(e).__name__, e)
try:
    print("format(10**6,'_o')", '->', repr(format(10**6,'_o')))
except Exception as e:
    print("format(10**6,'_o')", '->', type(e).__name__, e)
try:
    print("format(1, ',x')", '->', repr(format(1, ',x')))
except Exception as e:
    print("format(1, ',x')", '->', type(e).__name__, e)
try:
    print("format(-0.0,'z.1f')", '->', repr(format(-0.0,'z.1f')))
except Exception as e:
    print("format(-0.0,'z.1f')", '->', type(e).__name__, e)
try:
    print("format(-0.001,'z.1f')", '->', repr(format(-0.001,'z.1f')))
except Exception as e:
    print("format(-0.001,'z.1f')", '->', type(e).__name__, e)
try:
    print("format(1.0,'.1')", '->', repr(format(1.0,'.1')))
except Exception as e:
    print("format(1.0,'.1')", '->', type(e).__name__, e)
try:
    print("format(12.5,'.2')", '->', repr(format(12.5,'.2')))
except Exception as e:
    print("format(12.5,'.2')", '->', type(e).__name__, e)
try:
    print("format(0.0001,'.2')", '->', repr(format(0.0001,'.2')))
except Exception as e:
    print("format(0.0001,'.2')", '->', type(e).__name__, e)
try:
    print("format(1e16,'')", '->', repr(format(1e16,'')))
except Exception as e:
    print("format(1e16,'')", '->', type(e).__name__, e)
try:
    print("format(123456.0,'.3')", '->', repr(format(123456.0,'.3')))
except Exception as e:
    print("format(123456.0,'.3')", '->', type(e).__name__, e)
try:
    print("format(1,'c')", '->', repr(format(1,'c')))
except Exception as e:
    print("format(1,'c')", '->', type(e).__name__, e)
try:
    print("format(1,'+c')", '->', repr(format(1,'+c')))
except Exception as e:
    print("format(1,'+c')", '->', type(e).__name__, e)
try:
    print("format(1,'#c')", '->', repr(format(1,'#c')))
except Exception as e:
    print("format(1,'#c')", '->', type(e).__name__, e)
try:
    print("format('a','#')", '->', repr(format('a','#')))
except Exception as e:
    print("format('a','#')", '->', type(e).__name__, e)
try:
    print("format('a','05')", '->', repr(format('a','05')))
except Exception as e:
    print("format('a','05')", '->', type(e).__name__, e)
try:
    print("format('ab','=5')", '->', repr(format('ab','=5')))
except Exception as e:
    print("format('ab','=5')", '->', type(e).__name__, e)
try:
    print("format(1.5,'=+8')", '->', repr(format(1.5,'=+8')))
except Exception as e:
    print("format(1.5,'=+8')", '->', type(e).__name__, e)
try:
    print("format(1.5e300,'f')[:5]", '->', repr(format(1.5e300,'f')[:5]))
except Exception as e:
    print("format(1.5e300,'f')[:5]", '->', type(e).__name__, e)
try:
    print("format(1, '%')", '->', repr(format(1, '%')))
except Exception as e:
    print("format(1, '%')", '->', type(e).__name__, e)
try:
    print("format(1,'n')", '->', repr(format(1,'n')))
except Exception as e:
    print("format(1,'n')", '->', type(e).__name__, e)
try:
    print("format(-1.5,'010')", '->', repr(format(-1.5,'010')))
except Exception as e:
    print("format(-1.5,'010')", '->', type(e).__name__, e)
try:
    print("format(1e100, ',.2f')[:20]", '->', repr(format(1e100, ',.2f')[:20]))
except Exception as e:
    print("format(1e100, ',.2f')[:20]", '->', type(e).__name__, e)
try:
    print("format(True, 'd')", '->', repr(format(True, 'd')))
except Exception as e:
    print("format(True, 'd')", '->', type(e).__name__, e)
try:
    print("format(1.5, '.0%')", '->', repr(format(1.5, '.0%')))
except Exception as e:
    print("format(1.5, '.0%')", '->', type(e).__name__, e)
try:
    print("format(0.5, '.0f')", '->', repr(format(0.5, '.0f')))
except Exception as e:
    print("format(0.5, '.0f')", '->', type(e).__name__, e)
try:
    print("format(2.5, '.0f')", '->', repr(format(2.5, '.0f')))
except Exception as e:
    print("format(2.5, '.0f')", '->', type(e).__name__, e)
try:
    print("format(1, 'e')", '->', repr(format(1, 'e')))
except Exception as e:
    print("format(1, 'e')", '->', type(e).__name__, e)
try:
    print("format(12, '#o')", '->', repr(format(12, '#o')))
except Exception as e:
    print("format(12, '#o')", '->', type(e).__name__, e)
try:
    print("format(True,'')", '->', repr(format(True,'')))
except Exception as e:
    print("format(True,'')", '->', type(e).__name__, e)
try:
    print("format(1.5,'#')", '->', repr(format(1.5,'#')))
except Exception as e:
    print("format(1.5,'#')", '->', type(e).__name__, e)
try:
    print("format(1.0,'#')", '->', repr(format(1.0,'#')))
except Exception as e:
    print("format(1.0,'#')", '->', type(e).__name__, e)
try:
    print("format(1.0,'#g')", '->', repr(format(1.0,'#g')))
except Exception as e:
    print("format(1.0,'#g')", '->', type(e).__name__, e)
try:
    print("format(True,'5')", '->', repr(format(True,'5')))
except Exception as e:
    print("format(True,'5')", '->', type(e).__name__, e)
try:
    print("format(True,'<5')", '->', repr(format(True,'<5')))
except Exception as e:
    print("format(True,'<5')", '->', type(e).__name__, e)
try:
    print("format(1.5, '012,.3e')", '->', repr(format(1.5, '012,.3e')))
except Exception as e:
    print("format(1.5, '012,.3e')", '->', type(e).__name__, e)
try:
    print("format(-1e10, '020,.1f')", '->', repr(format(-1e10, '020,.1f')))
except Exception as e:
    print("format(-1e10, '020,.1f')", '->', type(e).__name__, e)
try:
    print("format(float('nan'),'010')", '->', repr(format(float('nan'),'010')))
except Exception as e:
    print("format(float('nan'),'010')", '->', type(e).__name__, e)
try:
    print("format(1, 'x<05')", '->', repr(format(1, 'x<05')))
except Exception as e:
    print("format(1, 'x<05')", '->', type(e).__name__, e)
try:
    print("'%*d' % (10**20, 1)", '->', repr('%*d' % (10**20, 1)))
except Exception as e:
    print("'%*d' % (10**20, 1)", '->', type(e).__name__, e)
try:
    print("'%.*f' % (-3, 1.5)", '->', repr('%.*f' % (-3, 1.5)))
except Exception as e:
    print("'%.*f' % (-3, 1.5)", '->', type(e).__name__, e)
try:
    print("'%.99999999999999999999f' % 1", '->', repr('%.99999999999999999999f' % 1))
except Exception as e:
    print("'%.99999999999999999999f' % 1", '->', type(e).__name__, e)
try:
    print("'%-05d' % 3", '->', repr('%-05d' % 3))
except Exception as e:
    print("'%-05d' % 3", '->', type(e).__name__, e)
try:
    print("'%05s' % 'a'", '->', repr('%05s' % 'a'))
except Exception as e:
    print("'%05s' % 'a'", '->', type(e).__name__, e)
try:
    print("'%#5o' % 8", '->', repr('%#5o' % 8))
except Exception as e:
    print("'%#5o' % 8", '->', type(e).__name__, e)
try:
    print("'%#X' % 255", '->', repr('%#X' % 255))
except Exception as e:
    print("'%#X' % 255", '->', type(e).__name__, e)
try:
    print("'%+.3d' % 7", '->', repr('%+.3d' % 7))
except Exception as e:
    print("'%+.3d' % 7", '->', type(e).__name__, e)
try:
    print("'%x' % True", '->', repr('%x' % True))
except Exception as e:
    print("'%x' % True", '->', type(e).__name__, e)
try:
    print("'%d' % 3.7", '->', repr('%d' % 3.7))
except Exception as e:
    print("'%d' % 3.7", '->', type(e).__name__, e)
try:
    print("'%i' % '3'", '->', repr('%i' % '3'))
except Exception as e:
    print("'%i' % '3'", '->', type(e).__name__, e)
try:
    print("'%05.1f' % -2.5", '->', repr('%05.1f' % -2.5))
except Exception as e:
    print("'%05.1f' % -2.5", '->', type(e).__name__, e)
try:
    print("'%c' % 65", '->', repr('%c' % 65))
except Exception as e:
    print("'%c' % 65", '->', type(e).__name__, e)
try:
    print("'%5c' % 'ab'", '->', repr('%5c' % 'ab'))
except Exception as e:
    print("'%5c' % 'ab'", '->', type(e).__name__, e)
try:
    print("'%*.*f' % (8, 2, 3.14159)", '->', repr('%*.*f' % (8, 2, 3.14159)))
except Exception as e:
    print("'%*.*f' % (8, 2, 3.14159)", '->', type(e).__name__, e)
try:
    print("'%(a)s' % {'a': 1}", '->', repr('%(a)s' % {'a': 1}))
except Exception as e:
    print("'%(a)s' % {'a': 1}", '->', type(e).__name__, e)
try:
    print("'%s %s' % (1,)", '->', repr('%s %s' % (1,)))
except Exception as e:
    print("'%s %s' % (1,)", '->', type(e).__name__, e)
try:
    print("'%.0e' % 1234", '->', repr('%.0e' % 1234))
except Exception as e:
    print("'%.0e' % 1234", '->', type(e).__name__, e)
try:
    print("'%#.0f' % 2", '->', repr('%#.0f' % 2))
except Exception as e:
    print("'%#.0f' % 2", '->', type(e).__name__, e)
try:
    print("'%r' % 'x'", '->', repr('%r' % 'x'))
except Exception as e:
    print("'%r' % 'x'", '->', type(e).__name__, e)
try:
    print("'%a' % 'é'", '->', repr('%a' % 'é'))
except Exception as e:
    print("'%a' % 'é'", '->', type(e).__name__, e)
try:
    print("'%*d' % (1.5, 1)", '->', repr('%*d' % (1.5, 1)))
except Exception as e:
    print("'%*d' % (1.5, 1)", '->', type(e).__name__, e)
try:
    print("'{:{}{}}'.format(1.5, '>', 8)", '->', repr('{:{}{}}'.format(1.5, '>', 8)))
except Exception as e:
    print("'{:{}{}}'.format(1.5, '>', 8)", '->', type(e).__name__, e)
try:
    print("'{0:{1}}'.format(1.5, 8)", '->', repr('{0:{1}}'.format(1.5, 8)))
except Exception as e:
    print("'{0:{1}}'.format(1.5, 8)", '->', type(e).__name__, e)
try:
    print("'{:{:{}}}'.format(1,2,3)", '->', repr('{:{:{}}}'.format(1,2,3)))
except Exception as e:
    print("'{:{:{}}}'.format(1,2,3)", '->', type(e).__name__, e)
try:
    print("format(1.0, '.0')", '->', repr(format(1.0, '.0')))
except Exception as e:
    print("format(1.0, '.0')", '->', type(e).__name__, e)
try:
    print("format(123.456, '.2')", '->', repr(format(123.456, '.2')))
except Exception as e:
    print("format(123.456, '.2')", '->', type(e).__name__, e)
try:
    print("format(0.00001234, '.3')", '->', repr(format(0.00001234, '.3')))
except Exception as e:
    print("format(0.00001234, '.3')", '->', type(e).__name__, e)
try:
    print("format(1e-5, '')", '->', repr(format(1e-5, '')))
except Exception as e:
    print("format(1e-5, '')", '->', type(e).__name__, e)
try:
    print("format(-0.0, '')", '->', repr(format(-0.0, '')))
except Exception as e:
    print("format(-0.0, '')", '->', type(e).__name__, e)
try:
    print("format(1.5, 'z')", '->', repr(format(1.5, 'z')))
except Exception as e:
    print("format(1.5, 'z')", '->', type(e).__name__, e)
try:
    print("format(3, '=^+7')", '->', repr(format(3, '=^+7')))
except Exception as e:
    print("format(3, '=^+7')", '->', type(e).__name__, e)
try:
    print("format(7, ' 05')", '->', repr(format(7, ' 05')))
except Exception as e:
    print("format(7, ' 05')", '->', type(e).__name__, e)
print(len(f'{1.5:.70000f}'), len('%.70000e' % 1), len(format(0.5, '.70000')), len(format(0.5, '#.70000')))
for spec in ['-9223372036854775809', '9223372036854775808', '.9223372036854775808']:
    try:
        format(0, spec)
    except ValueError as e:
        print(spec, e)
try:
    f'{0:{-2**63-1}}'
except ValueError as e:
    print(e)
try:
    print(len('%d' % (10**5000)))
except ValueError as e:
    print(str(e)[:40])
