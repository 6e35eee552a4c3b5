"""The README stays true: its quick start, settings and examples."""

import re
from pathlib import Path

import pytest
from litestar import Litestar
from litestar.testing import TestClient

from service.settings import Settings

README = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")

EXAMPLES = re.findall(r"curl -s 'http://127\.0\.0\.1:8000(/[^']*)'", README)


def _quick_start() -> list[str]:
    section = README.split("## Quick start", 1)[1]
    block = section.split("```", 2)[1]
    return [line for line in block.splitlines() if line.strip()]


def test_quick_start_is_two_commands() -> None:
    """The quick start serves, then tests, with the project's scripts."""
    assert _quick_start() == ["python3 scripts/serve", "python3 scripts/test"]


def test_ci_runs_the_readme_test_command() -> None:
    """CI runs the quick start's test command, so CI proves the README."""
    ci = (Path(__file__).parent.parent / ".ci" / "run").read_text(encoding="utf-8")

    assert _quick_start()[1] in ci


@pytest.mark.parametrize("field", Settings.__struct_fields__)
def test_every_setting_is_documented(field: str) -> None:
    """Each setting's environment variable stands in the README."""
    assert f"`REGISTRY_{field.upper()}`" in README


def test_examples_are_found() -> None:
    """The README has curl examples to check."""
    assert len(EXAMPLES) >= 8


@pytest.mark.parametrize("path", EXAMPLES)
def test_every_example_answers(client: TestClient[Litestar], path: str) -> None:
    """Each curl example of the README answers 200 on the seeded registry."""
    assert client.get(path).status_code == 200
