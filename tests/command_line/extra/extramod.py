X = "found through the path variable"
