"abc".no_such_method()
