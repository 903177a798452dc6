"""Dependencies point one way: nothing outside desktop_app.ui may import Qt."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import desktop_app

ROOT = Path(desktop_app.__file__).parent


def _non_ui_modules() -> list[str]:
    names = []
    for info in pkgutil.walk_packages([str(ROOT)], prefix="desktop_app."):
        if info.name.startswith("desktop_app.ui") or info.name == "desktop_app.__main__":
            continue
        names.append(info.name)
    return names


def test_core_imports_without_qt() -> None:
    modules = _non_ui_modules()
    assert "desktop_app.services.people" in modules
    script = (
        "import sys\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in ('PySide6', 'shiboken6'):\n"
        "            raise ImportError('Qt imported below ui: ' + name)\n"
        "sys.meta_path.insert(0, Block())\n"
        f"for name in {modules!r}:\n"
        "    __import__(name)\n"
        "print('ok')\n"
    )
    result = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "ok"
