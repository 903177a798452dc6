"""The list of documents the program can make: the CLI, the «Документы» section and the e-mail
package all enumerate it, so a feature adds a document by adding one module to ``kinds``.

A kind is plain data plus a ``build`` function. ``build`` reads the database through services
or models, writes its file(s) into ``out_dir`` with :func:`desktop_app.export.files.write_atomic`
(or the docx/xlsx engines, which use it) and returns the paths it wrote.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from desktop_app.errors import AppError

if TYPE_CHECKING:
    from desktop_app.models.db import Database

# progress(done, total, what): ``what`` is a short Russian phrase for the progress bar.
# It returns False when the user pressed «Отмена»; a build then stops and raises ExportCancelled.
Progress = Callable[[int, int, str], bool]


def no_progress(_done: int, _total: int, _what: str) -> bool:
    return True


class ExportCancelled(AppError):
    def __init__(self) -> None:
        super().__init__("Формирование документов отменено.")


@dataclass
class ExportOptions:
    """What the curator chose for one export; a kind reads only the fields it needs.

    ``today`` is the document date (tests fix it); ``period`` is for reports over a time span;
    ``person_ids`` is a selection (``None`` = everybody the document is about); ``number`` is
    the registration number of an order; ``extra`` carries kind-specific choices by name.
    """

    today: dt.date = field(default_factory=dt.date.today)
    period: tuple[dt.date, dt.date] | None = None
    person_ids: list[int] | None = None
    number: str = ""
    extra: dict[str, object] = field(default_factory=dict)


Build = Callable[["Database", Path, ExportOptions, Progress], list[Path]]


@dataclass(frozen=True)
class DocumentKind:
    """One document the program makes.

    key          stable English id, used on the command line: ``nastavnik export banks``
    title        the Russian name the curator sees: «Банк наставников и наставляемых»
    fmt          "docx" or "xlsx"
    build        ``build(db, out_dir, options, progress) -> list[Path]``
    description  one line under the title in the «Документы» section
    takes_period the document covers a period (the section shows «с … по …»)
    takes_selection  the document can be made for chosen people (the section shows a list)
    takes_number the document is an order with a registration number
    templates    template file names it uses (shown under «Шаблоны», checked in tests)
    group        heading it is listed under in the section («Учёт», «Приказы», «Отчёты»)
    """

    key: str
    title: str
    fmt: Literal["docx", "xlsx"]
    build: Build
    description: str = ""
    takes_period: bool = False
    takes_selection: bool = False
    takes_number: bool = False
    templates: tuple[str, ...] = ()
    group: str = "Документы"


_KINDS: dict[str, DocumentKind] = {}


def register(kind: DocumentKind) -> DocumentKind:
    """Add a kind; registering the same key twice replaces it (module reloads in tests)."""
    _KINDS[kind.key] = kind
    return kind


def _load() -> None:
    # The kinds register themselves on import; importing here keeps callers to one import.
    import desktop_app.export.kinds  # noqa: F401


def all_kinds() -> list[DocumentKind]:
    """Every kind, in the order the modules in ``kinds/__init__.py`` registered them."""
    _load()
    return list(_KINDS.values())


def get_kind(key: str) -> DocumentKind:
    _load()
    try:
        return _KINDS[key]
    except KeyError:
        known = ", ".join(_KINDS)
        raise AppError(f"Неизвестный вид документа «{key}». Есть: {known}.") from None


def build_documents(
    db: Database,
    keys: list[str],
    out_dir: Path,
    options: ExportOptions,
    progress: Progress = no_progress,
) -> list[Path]:
    """Make several documents in turn (``export all``, the e-mail package)."""
    from desktop_app.export.files import ensure_writable_dir

    ensure_writable_dir(out_dir)
    written: list[Path] = []
    kinds = [get_kind(k) for k in keys]
    for number, kind in enumerate(kinds):
        if not progress(number, len(kinds), kind.title):
            raise ExportCancelled()
        written.extend(kind.build(db, out_dir, options, _within(progress, number, len(kinds))))
    progress(len(kinds), len(kinds), "Готово")
    return written


def _within(progress: Progress, number: int, count: int) -> Progress:
    """A kind's own steps keep the outer bar on its document and still hear «Отмена»."""

    def inner(_done: int, _total: int, what: str) -> bool:
        return progress(number, count, what)

    return inner
