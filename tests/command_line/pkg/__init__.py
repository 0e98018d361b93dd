print("pkg/__init__ ran")
