"""`python -m service registry ...`: keys and backups, beside Litestar's own.

Keys are managed here, never through the public API: whoever runs these
commands can read the database already.
"""

import asyncio
import sqlite3
from collections import Counter
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import click
import msgspec
from litestar.plugins import CLIPluginProtocol
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from service.checks.runs import check_registry, new_checker
from service.keys import Role, make_key
from service.registry.links import LINK_CLASSES
from service.settings import Settings
from service.storage import Store

if TYPE_CHECKING:
    from service.checks.checker import Run

T = TypeVar("T")


class RegistryCLIPlugin(CLIPluginProtocol):
    """Adds the `registry` group of commands to Litestar's CLI."""

    def on_cli_init(self, cli: click.Group) -> None:
        cli.add_command(registry)


@click.group()
def registry() -> None:
    """Manage the registry's API keys and backups."""


@registry.group()
def keys() -> None:
    """Create, list and revoke API keys."""


@keys.command("create")
@click.option(
    "--role",
    type=click.Choice(["editor", "admin"]),
    required=True,
    help="editor: create, change, publish, verify; admin: also end entries.",
)
@click.option("--label", required=True, help="Whose key this is, for editors.")
def create_key(role: Role, label: str) -> None:
    """Create a key and print it: it is shown this once, then only its hash."""
    key_id, key = _with_store(lambda store: make_key(store, role, label), new=True)
    click.echo(f"key id: {key_id}")
    click.echo(f"key:    {key}")


@keys.command("list")
def list_keys() -> None:
    """List every key: id, role, label, and when it was made or revoked."""
    for row in _with_store(lambda store: store.keys()):
        state = f"revoked {row.revoked_at}" if row.revoked_at else "active"
        click.echo(f"{row.id}  {row.role:<6}  {state:<40}  {row.label}")


@keys.command("revoke")
@click.argument("key_id")
def revoke_key(key_id: str) -> None:
    """Revoke a key: it stops working at once, and stays in the list."""
    now = datetime.now(UTC)
    if not _with_store(lambda store: store.revoke_key(key_id, now)):
        raise click.ClickException(f"no active key has the id {key_id}")
    click.echo(f"revoked {key_id}")


@registry.command()
@click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
def backup(target: Path) -> None:
    """Copy the database to TARGET with SQLite's online backup.

    The service keeps serving and writing meanwhile; the copy holds every
    change committed before it finished.
    """
    if target.exists():
        raise click.ClickException(f"{target} exists: name a new file")
    target.parent.mkdir(parents=True, exist_ok=True)

    try:
        check, sequence = _copy(Settings.from_env().database, target)
    except sqlite3.Error as error:
        target.unlink(missing_ok=True)
        raise click.ClickException(f"the backup failed: {error}") from None

    if check != "ok":
        raise click.ClickException(f"the copy fails its integrity check: {check}")
    click.echo(f"backed up to {target} at sequence {sequence}")


@registry.command("check-links")
def check_links() -> None:
    """Check every published address now, with a progress bar and a summary.

    Where the network is down, every link is unknown and none is broken.
    """

    async def run(store: Store) -> "tuple[Run | None, int]":
        targets = sum(
            1 for e in await store.entries() if e.status == "published" and e.url
        )
        with Progress(transient=True) as progress:
            task = progress.add_task("checking links", total=targets)
            found = await check_registry(
                store, new_checker(), lambda _: progress.advance(task)
            )
        broken = sum(
            1 for s in (await store.link_states()).values() if s.status == "broken"
        )
        return found, broken

    found, broken = _with_store(run)
    if found is None:
        raise click.ClickException("another run started at the same moment")

    counts = Counter(result.link_class for result in found.results)
    table = Table(title="This run's checks")
    table.add_column("class")
    table.add_column("links", justify="right")
    for link_class in LINK_CLASSES:
        table.add_row(link_class, str(counts[link_class]))
    Console().print(table)

    if not found.network_available:
        click.echo(
            "The network was unavailable: no link was reached, and no link's"
            " status changed."
        )
    click.echo(
        f"{broken} link(s) published as broken (after 2 broken checks in a row);"
        " `registry link-report` says which, and what to change."
    )


@registry.command("link-report")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON.")
def link_report(as_json: bool) -> None:
    """List broken and redirected links, since when, and what to change."""

    async def report(store: Store) -> tuple[list[dict[str, str]], bool]:
        states = await store.link_states()
        checked = await store.last_link_run(network="available") is not None
        lines = [
            {
                "entry_id": state.entry_id,
                "url": state.check.url,
                "status": state.status,
                "since": state.since,
                "change": _advice(state.status, state.check.final_url),
            }
            for state in states.values()
            if state.status in ("broken", "redirected")
        ]
        return lines, checked

    lines, checked = _with_store(report)

    if as_json:
        click.echo(msgspec.json.encode(lines).decode())
        return

    if not checked:
        click.echo("No run has reached the network yet: nothing is known.")
    elif not lines:
        click.echo("No link is broken or redirected.")
    # Plain lines, not a table: a piped report must keep whole addresses.
    for line in lines:
        click.echo(
            f"{line['entry_id']}: {line['status']} since {line['since']}\n"
            f"  address: {line['url']}\n"
            f"  change:  {line['change']}"
        )


def _advice(status: str, final_url: str | None) -> str:
    if status == "redirected" and final_url:
        return f"set the address to {final_url}"
    return "find the new address, or end the entry"


def _copy(database: Path, target: Path) -> tuple[str, int]:
    """Copy `database` to `target`; return its integrity check and sequence."""
    if not database.is_file():
        raise sqlite3.OperationalError(f"there is no database at {database}")
    source = sqlite3.connect(database)
    copy = sqlite3.connect(target)
    try:
        with copy:
            source.backup(copy)
        (check,) = copy.execute("pragma integrity_check").fetchone()
        (sequence,) = copy.execute(
            "select coalesce(max(seq), 0) from changes"
        ).fetchone()
    finally:
        copy.close()
        source.close()
    return str(check), int(sequence)


def _with_store(work: Callable[[Store], Awaitable[T]], *, new: bool = False) -> T:
    """Open the configured database, run `work` on it, close it.

    Unless `new`, the database must exist: a mistyped REGISTRY_DATABASE is
    said so, rather than answered from an empty registry made on the spot.
    """
    database = Settings.from_env().database
    if not new and not database.is_file():
        raise click.ClickException(
            f"there is no database at {database}: set REGISTRY_DATABASE"
        )

    async def run() -> T:
        store = await Store.open(database)
        try:
            return await work(store)
        finally:
            await store.close()

    return asyncio.run(run())
