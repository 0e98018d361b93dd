# Storing a module attribute in a hot loop: the store must stay a store
# (tier 1 once rewrote it into the module attribute *load* form, and the
# loop then failed with "'int' object is not an iterator").
import math
import json


def store_in_loop(module, n):
    for i in range(n):
        module.counter = i
        module.total = getattr(module, 'total', 0) + i
    return module.counter, module.total


print(store_in_loop(math, 200))
print(store_in_loop(json, 150))
print(json.counter, json.dumps([json.counter]))
