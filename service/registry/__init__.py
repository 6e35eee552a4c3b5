"""The registry's core: entry kinds, their rules, and search folding.

This layer imports nothing else of the service, so every other layer can
build on it.
"""
