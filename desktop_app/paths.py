"""Where the program keeps its data and finds its resources.

User data never lives inside the bundle: the user data directory by default, or beside the
executable in portable mode (a file named ``portable.txt`` next to it, for a USB stick).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

from desktop_app import APP_ID

PORTABLE_MARKER = "portable.txt"
DATA_DIR_ENV = "NASTAVNIK_DATA_DIR"


def executable_dir() -> Path:
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    """Shipped resources: inside the PyInstaller bundle, or the source tree's ``resources/``."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def is_portable() -> bool:
    return (executable_dir() / PORTABLE_MARKER).exists()


def data_dir() -> Path:
    override = os.environ.get(DATA_DIR_ENV)
    if override:
        path = Path(override)
    elif is_portable():
        path = executable_dir() / "data"
    else:
        path = Path(platformdirs.user_data_dir(APP_ID, appauthor=False, roaming=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_database_path() -> Path:
    return data_dir() / "nastavnik.sqlite"


def demo_database_path() -> Path:
    return data_dir() / "demo.sqlite"


def backup_stem(db_path: Path) -> str:
    """How the backups of one database are named: its file name and a short hash of its full
    path. Two databases called «школа.sqlite» in different folders (at home and on a USB stick)
    share the backups folder; without the hash each would list — and could restore — the
    other's copies.
    """
    import hashlib

    full = str(Path(db_path).expanduser().resolve())
    return f"{Path(db_path).stem}~{hashlib.sha1(full.encode()).hexdigest()[:8]}"


def backups_dir() -> Path:
    path = data_dir() / "backups"
    path.mkdir(parents=True, exist_ok=True)
    return path
