# Literal replacements (the native substitution path) against callable and
# template ones, str subclasses, counts, empty matches, and the pos/endpos a
# Match reports.
import re
m=re.compile('a').search('xa',-5,100); print(m.pos,m.endpos, m.span(), m)
m=re.compile('(a)(b)?').match('ab', 0); print(m.pos, m.endpos, m.groups(), m.regs, m.lastindex)
print(re.compile('a').sub('b','xyz') )
s='xyz'; print(re.compile('a').sub('b',s) is s)
class S(str): pass
r=re.compile('a').sub('b',S('xyz')); print(type(r), r)
r=re.compile('a').sub('b',S('xaz')); print(type(r), r)
print(re.sub('x*','-','abxd'), re.subn('', '-', 'abc', count=2), re.subn('', '-', 'abc', count=-1))
print(re.sub('é', 'ü', 'aébéc'), re.sub('(é)', r'<\1>', 'aébéc'))
print([ (m.pos, m.endpos, m.group()) for m in re.compile('b').finditer('abcb', 1, 3)])
print(re.compile('b').fullmatch('b').endpos, re.compile('c').search('abc', endpos=2))
try: re.sub('a', 'b', 5)
except TypeError as e: print(e)
try: re.sub('a', 'b', 'aaa', count='x')
except TypeError as e: print(e)
try: re.compile('a').search('a', 0, 'x')
except TypeError as e: print(e)
print(re.sub('a', lambda m: m.group().upper(), 'banana'))
print(re.split(',', 'a,b,,c'))
print(re.sub('a', 'xy', 'banana', 2), re.subn('(?=n)', '|', 'banana'))
print(re.compile('n').sub('N', 'banana', count=0), re.sub('$', '!', 'end\n'))
