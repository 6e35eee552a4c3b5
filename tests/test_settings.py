"""Settings come from REGISTRY_ variables, with documented defaults."""

from pathlib import Path

import pytest

from service.settings import Settings, SettingsError


def test_defaults_hold_without_variables() -> None:
    """With no variable set, the database is registry.db, logs INFO auto."""
    settings = Settings.from_env({})

    assert settings.database == Path("registry.db")
    assert (settings.log_level, settings.log_format) == ("INFO", "auto")


def test_variables_override_defaults(tmp_path: Path) -> None:
    """Each REGISTRY_ variable sets its field, paths as paths."""
    env = {
        "REGISTRY_DATABASE": str(tmp_path / "r.db"),
        "REGISTRY_SEED": str(tmp_path / "seed.toml"),
        "REGISTRY_LOG_LEVEL": "DEBUG",
        "REGISTRY_LOG_FORMAT": "json",
    }

    settings = Settings.from_env(env)

    assert settings == Settings(
        database=tmp_path / "r.db",
        seed=tmp_path / "seed.toml",
        log_level="DEBUG",
        log_format="json",
    )


def test_a_bad_value_names_its_variable() -> None:
    """A value outside the choices fails, naming the variable."""
    with pytest.raises(SettingsError, match="REGISTRY_LOG_LEVEL"):
        Settings.from_env({"REGISTRY_LOG_LEVEL": "LOUD"})
