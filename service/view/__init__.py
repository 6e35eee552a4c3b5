"""The in-memory picture of the registry at one sequence number.

Built after each commit and swapped in whole, so that the reads the portal
makes on every page answer from bytes encoded once.
"""

from service.view.view import Body, View, build_view

__all__ = ["Body", "View", "build_view"]
