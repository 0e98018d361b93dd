# A generator's __name__ and __qualname__ (from its function, renames
# included), gi_running and gi_code.
def gen():
    yield 1
print(gen().__name__)
gen.__name__ = 'renamed'
print(gen().__name__, gen.__qualname__)
print((x for x in ()).__name__)
class K:
    def items(self):
        yield 1
g = K().items()
print(g.__name__, g.__qualname__, g.gi_running, g.gi_code.co_name if hasattr(g.gi_code, 'co_name') else 'items')
def outer():
    def inner():
        yield
    return inner()
print(outer().__qualname__)
