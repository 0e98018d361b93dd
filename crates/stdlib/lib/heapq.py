"""Binary min-heaps on lists, laid out as CPython's ``heapq`` lays them out
(so printing a heap shows the same list)."""

__all__ = ["heappush", "heappop", "heapify", "heapreplace", "merge",
           "nlargest", "nsmallest", "heappushpop"]


def _move_up(heap, top, position):
    # Moves heap[position] towards the root until its parent is not larger.
    item = heap[position]
    while position > top:
        parent_position = (position - 1) >> 1
        parent = heap[parent_position]
        if item < parent:
            heap[position] = parent
            position = parent_position
        else:
            break
    heap[position] = item


def _move_down(heap, position):
    # Sinks heap[position] to a leaf along the smaller children, then
    # moves it back up (fewer comparisons on average).
    end = len(heap)
    top = position
    item = heap[position]
    child = 2 * position + 1
    while child < end:
        right = child + 1
        if right < end and not heap[child] < heap[right]:
            child = right
        heap[position] = heap[child]
        position = child
        child = 2 * position + 1
    heap[position] = item
    _move_up(heap, top, position)


def heappush(heap, item):
    heap.append(item)
    _move_up(heap, 0, len(heap) - 1)


def heappop(heap):
    last = heap.pop()
    if heap:
        smallest = heap[0]
        heap[0] = last
        _move_down(heap, 0)
        return smallest
    return last


def heapreplace(heap, item):
    smallest = heap[0]
    heap[0] = item
    _move_down(heap, 0)
    return smallest


def heappushpop(heap, item):
    if heap and heap[0] < item:
        item, heap[0] = heap[0], item
        _move_down(heap, 0)
    return item


def heapify(x):
    for i in range(len(x) // 2 - 1, -1, -1):
        _move_down(x, i)


def nsmallest(n, iterable, key=None):
    """The n smallest items, smallest first (as ``sorted(...)[:n]``)."""
    if n <= 0:
        return []
    return sorted(iterable, key=key)[:n]


def nlargest(n, iterable, key=None):
    """The n largest items, largest first."""
    if n <= 0:
        return []
    return sorted(iterable, key=key, reverse=True)[:n]


def merge(*iterables, key=None, reverse=False):
    """Merges sorted inputs lazily into one sorted stream (stable: among
    equal items, earlier inputs first)."""
    entries = []
    for order, iterable in enumerate(iterables):
        iterator = iter(iterable)
        for value in iterator:
            entries.append([value if key is None else key(value), order, value, iterator])
            break
    def before(a, b):
        if reverse:
            if b[0] < a[0]:
                return True
            if a[0] < b[0]:
                return False
        else:
            if a[0] < b[0]:
                return True
            if b[0] < a[0]:
                return False
        return a[1] < b[1]

    while entries:
        best = 0
        for i in range(1, len(entries)):
            if before(entries[i], entries[best]):
                best = i
        entry = entries[best]
        yield entry[2]
        for value in entry[3]:
            entry[0] = value if key is None else key(value)
            entry[2] = value
            break
        else:
            del entries[best]
