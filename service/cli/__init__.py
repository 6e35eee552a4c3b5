"""The command-line tool: Litestar's CLI, with the registry's own commands."""

from service.cli.commands import RegistryCLIPlugin

__all__ = ["RegistryCLIPlugin"]
