"""Start-up stays fast as features land: the first screen must not import what it does not show.

The program is started as the curator starts it (``python -m desktop_app --db FILE``) under the
start-up probe (ui/startup.py); at the moment the window is first painted, and again when the
first section has painted its data, the modules loaded so far are written out and checked.
A feature whose section or document imports python-docx, openpyxl or Alembic at module level
into the first screen's path makes this test fail: import it inside the function that needs it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.models.db import _known_revisions, alembic_config, head_revision, open_database
from desktop_app.ui.main_window import MainWindow

# Heavy and needed only for documents, migrations or declension; never on the first screen.
NEVER_AT_START = (
    "alembic",
    "mako",
    "docx",
    "docxtpl",
    "openpyxl",
    "jinja2",
    "lxml",
    "pytrovich",
)
# The empty window appears before the database is opened, so before SQLAlchemy too.
NOT_BEFORE_WINDOW = ("sqlalchemy", "desktop_app.models", "desktop_app.services")

PROBE = """
import json, sys
from desktop_app.ui import startup

seen = {}
original = startup.report

def report(marker, *, quit_after=False):
    seen[marker] = sorted(sys.modules)
    original(marker, quit_after=quit_after)

startup.report = report
from desktop_app.cli import main

code = main(["--db", sys.argv[1]])
with open(sys.argv[2], "w", encoding="utf-8") as handle:
    json.dump(seen, handle)
sys.exit(code)
"""


def _top(modules: list[str], names: tuple[str, ...]) -> list[str]:
    return sorted({m for m in modules for n in names if m == n or m.startswith(n + ".")})


@pytest.fixture(scope="module")
def modules_at_start(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    from desktop_app.services.demo import create_demo

    folder = tmp_path_factory.mktemp("startup")
    database = folder / "demo.sqlite"
    create_demo(database)
    out = folder / "modules.json"
    env = dict(
        os.environ,
        QT_QPA_PLATFORM="offscreen",
        NASTAVNIK_STARTUP_PROBE="1",
        NASTAVNIK_DATA_DIR=str(folder / "data"),
    )
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(database), str(out)],
        capture_output=True,
        text=True,
        env=env,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[:2] == ["window shown", "data shown"], result.stdout
    return json.loads(out.read_text(encoding="utf-8"))


def test_window_appears_before_the_database_layer(modules_at_start: dict[str, list[str]]) -> None:
    loaded = modules_at_start["window shown"]
    assert "PySide6.QtWidgets" in loaded
    assert _top(loaded, NOT_BEFORE_WINDOW + NEVER_AT_START) == []


def test_first_screen_does_not_import_documents_or_migrations(
    modules_at_start: dict[str, list[str]],
) -> None:
    loaded = modules_at_start["data shown"]
    assert "sqlalchemy" in loaded  # the people table did read the database
    assert _top(loaded, NEVER_AT_START) == []


def test_cheap_head_revision_agrees_with_alembic() -> None:
    from alembic.script import ScriptDirectory

    script = ScriptDirectory.from_config(alembic_config())
    assert head_revision() == script.get_current_head()
    assert _known_revisions() == {rev.revision for rev in script.walk_revisions()}


def test_window_opens_first_then_shows_the_database(  # type: ignore[no-untyped-def]
    qtbot, demo_template: Path, tmp_path: Path
) -> None:
    from desktop_app.models.db import copy_sqlite

    path = copy_sqlite(demo_template, tmp_path / "школа.sqlite")
    window = MainWindow(None, opening=path)
    qtbot.addWidget(window)
    window.show()
    opening = window.stack.currentWidget()
    assert "Открываю базу данных" in opening.text()  # type: ignore[attr-defined]
    assert str(path) in opening.text()  # type: ignore[attr-defined]
    assert not window.nav.isEnabled()
    db = open_database(path)
    window.attach(db)
    assert window.nav.isEnabled()
    assert window.section("people").model.rowCount() == 46  # type: ignore[attr-defined]
    assert "школа.sqlite" in window.windowTitle()
    window.close()


def test_only_the_window_skips_the_command_parsers() -> None:
    from desktop_app.cli import _gui_database

    assert _gui_database([]) == (True, None)
    assert _gui_database(["--db", "школа.sqlite"]) == (True, "школа.sqlite")
    assert _gui_database(["--db=школа.sqlite"]) == (True, "школа.sqlite")
    assert _gui_database(["--db", "школа.sqlite", "check"]) == (False, None)
    assert _gui_database(["--version"]) == (False, None)
    assert _gui_database(["--db", "--help"]) == (False, None)


def test_a_command_does_not_load_the_documents(tmp_path: Path) -> None:
    """``nastavnik check`` configures only its own parser: the export command's list of
    document kinds (python-docx, openpyxl) is not built for it."""
    script = (
        "import sys\n"
        "from desktop_app.cli import main\n"
        "code = main(['check', '--db', sys.argv[1]])\n"
        "print(code, sorted(m for m in ('docx', 'openpyxl', 'docxtpl') if m in sys.modules))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "нет такого файла.sqlite")],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        env=dict(os.environ, NASTAVNIK_DATA_DIR=str(tmp_path / "data")),
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    # «не найден» → 1; a command module importing python-docx or openpyxl at its top would
    # show here: import them inside the command's run() instead.
    assert result.stdout.splitlines()[-1] == "1 []", result.stdout


def test_export_help_still_lists_the_document_kinds(capsys) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.cli import main
    from desktop_app.export.registry import all_kinds

    with pytest.raises(SystemExit):
        main(["export", "--help"])
    out = capsys.readouterr().out
    for kind in all_kinds():
        assert kind.key in out
