"""The service's settings, read once from the environment."""

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Annotated, Literal

import msgspec

LogFormat = Literal["auto", "json", "console"]

LogLevel = Literal["DEBUG", "INFO", "WARNING", "ERROR"]

_SEED = Path(__file__).parent / "seed" / "haiphong.toml"


class Settings(msgspec.Struct, frozen=True, kw_only=True):
    """Every setting, with its default; the README documents each."""

    database: Path = Path("registry.db")
    seed: Path = _SEED
    log_level: LogLevel = "INFO"
    log_format: LogFormat = "auto"
    # Failed authentications a client may make in a minute before it waits.
    auth_failures_per_minute: Annotated[int, msgspec.Meta(ge=1)] = 10
    # Where snapshots' files are written, once each.
    snapshots: Path = Path("snapshots")
    # What the open data says of itself: licence, publisher, contact.
    licence: Annotated[str, msgspec.Meta(min_length=1)] = "CC-BY-4.0"
    licence_url: Annotated[str, msgspec.Meta(pattern=r"^https?://")] = (
        "https://creativecommons.org/licenses/by/4.0/"
    )
    publisher: Annotated[str, msgspec.Meta(min_length=1)] = (
        "Cổng Thông tin điện tử thành phố Hải Phòng"
        " (Hai Phong City Electronic Information Portal)"
    )
    # An address or URL to write to about the data; left out unless set.
    contact: Annotated[str, msgspec.Meta(min_length=1)] | None = None
    # Seconds between link-check runs inside the service; 0 turns them off.
    link_check_interval: Annotated[int, msgspec.Meta(ge=0)] = 86_400

    @classmethod
    def from_env(cls, env: Mapping[str, str] = os.environ) -> "Settings":
        """Read `REGISTRY_<NAME>` variables; raise if one is not valid."""
        given = {
            field: env[f"REGISTRY_{field.upper()}"]
            for field in cls.__struct_fields__
            if f"REGISTRY_{field.upper()}" in env
        }
        try:
            return msgspec.convert(given, cls, strict=False, dec_hook=_path)
        except msgspec.ValidationError as error:
            # "... - at `$.log_level`" names the field; say the variable.
            message = str(error)
            for field in given:
                message = message.replace(f"`$.{field}`", f"REGISTRY_{field.upper()}")
            raise SettingsError(message) from None


class SettingsError(ValueError):
    """A REGISTRY_ variable holds a value the service cannot use."""


def _path(type_: type, value: object) -> object:
    if type_ is Path and isinstance(value, str):
        return Path(value)
    raise NotImplementedError
