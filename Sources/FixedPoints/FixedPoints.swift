// Fixed points of x = Jφ(x) + b: see the module's files.
