"""The in-memory picture of the registry at one sequence number.

Built after each commit and swapped in whole, so that the reads the portal
makes on every page answer from bytes encoded once.
"""

from service.view.body import Body, Variant
from service.view.view import View, build_view

__all__ = ["Body", "Variant", "View", "build_view"]
