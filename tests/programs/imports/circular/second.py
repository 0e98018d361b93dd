import first
seen_from_second = first.value
value = "second"
