print("plainpkg/__init__ ran")
