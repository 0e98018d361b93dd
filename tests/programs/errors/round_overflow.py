print(round(2.5e15, -15))
print(round(1.7976931348623157e308, -308))
