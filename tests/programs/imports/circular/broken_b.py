from broken_a import helper
thing = 2
