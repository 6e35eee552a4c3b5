"""Make `.venv` hold exactly what `requirements/dev.lock` pins.

Shared by the scripts beside it, so that each works on a machine with only
Python 3.11: the first run creates the environment, later runs reuse it
until the lock file changes.
"""

import hashlib
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOCK = ROOT / "requirements" / "dev.lock"
VENV = ROOT / ".venv"
PYTHON = VENV / "bin" / "python"
STAMP = VENV / "installed.lock.sha256"


def ensure_venv() -> Path:
    """Return the environment's python, installing the lock if it changed."""
    if sys.version_info < (3, 11):  # noqa: UP036 - run by any python3
        sys.exit("the registry needs Python 3.11 or newer")

    wanted = hashlib.sha256(LOCK.read_bytes()).hexdigest()
    if PYTHON.exists() and STAMP.exists() and STAMP.read_text() == wanted:
        return PYTHON

    print(f"installing {LOCK.relative_to(ROOT)} into .venv ...", file=sys.stderr)
    if not PYTHON.exists():
        venv.create(VENV, with_pip=True)
    subprocess.run(
        [
            PYTHON,
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            "--require-hashes",
            "--no-deps",
            "-r",
            LOCK,
        ],
        check=True,
    )
    STAMP.write_text(wanted)
    return PYTHON
