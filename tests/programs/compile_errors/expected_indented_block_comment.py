for x in []:
# c

