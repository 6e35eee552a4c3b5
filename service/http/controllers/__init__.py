"""The HTTP controllers: each handler parses, calls a layer below, returns."""
