# Young objects stored into long-lived (old) containers of every kind must
# survive the minor collections that follow: each store goes through the
# write barrier. Cycles between young and old objects are kept while
# reachable and freed once not. Enough garbage is made between the steps
# that collections run in a normal run too.


def churn(n=15000):
    # Short-lived garbage: lists, tuples, dicts and strings.
    total = 0
    for i in range(n):
        t = (i, [i], {"k": i}, str(i))
        total += len(t[1])
    return total


class Holder:
    pass


def make_counter():
    box = None

    def set_box(value):
        nonlocal box
        box = value

    def get_box():
        return box

    return set_box, get_box


def keeper():
    kept = []
    while True:
        item = yield len(kept)
        kept.append(item)
        if item is None:
            return kept


old_list = []
old_dict = {}
old_set = set()
old_holder = Holder()
set_box, get_box = make_counter()


def target():
    pass


gen = keeper()
next(gen)
churn()

for round_number in range(6):
    young = [round_number, "young", (round_number,)]
    old_list.append(young)
    old_dict["r%d" % round_number] = {"value": [round_number] * 3}
    old_set.add(("t", round_number, str(round_number)))
    setattr(old_holder, "a%d" % round_number, [round_number, round_number])
    set_box(["boxed", round_number])
    target.__defaults__ = ([round_number, "default"],)
    target.extra = {"round": [round_number]}
    Holder.shared = ["class attribute", round_number]
    gen.send(["sent", round_number])
    # A cycle between an old container and young objects.
    cycle = {"owner": old_holder, "items": [round_number]}
    old_holder.cycle = cycle
    churn()

print(old_list)
print(sorted(old_dict.items()))
print(sorted(old_set))
print(sorted((k, v) for k, v in vars(old_holder).items() if k != "cycle"))
print(old_holder.cycle["items"], old_holder.cycle["owner"] is old_holder)
print(get_box(), target.__defaults__, target.extra, Holder.shared)
try:
    gen.send(None)
except StopIteration as stop:
    print(stop.value)

# Objects that become unreachable are freed: the same slots come back.
import gc

gc.collect()
seen = set()
for i in range(2000):
    node = {"self": None}
    node["self"] = node
    seen.add(id(node))
    del node
    if i % 100 == 99:
        gc.collect()
print("reused ids", len(seen) < 2000)
