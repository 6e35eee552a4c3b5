"""Open data: the registry whole, as JSON, NDJSON and CSV, and snapshots.

Builds on the registry and storage layers; the HTTP layer serves it.
"""
