# %-formatting: widths, precision, alignment with non-ASCII text.
print('%s: %s' % ('a', [1, 2]), '%5s|%-5s|%.2s|%5.1s' % ('ab', 'cd', 'xyz', 'pq'), '%s' % 'é' * 3, '%3s|' % 'éé', '%r %a %%' % ('x', 'é'))
print('%(k)s=%(v)r' % {'k': 'key', 'v': 1.5}, '%c%c' % (65, 'z'), '%-4d|%04d|%+.1f' % (7, 8, 2.25))
