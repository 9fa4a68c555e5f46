print("nlm: not built yet")
