"""Taking in what schools send: their banks, accounting and monitoring files, kept per school.

A methodist receives a school's «Пакет для отправки» (a .zip, a folder or the .eml letter the
program drafts, see export/package.py) or single .xlsx files. Each file's kind is told by its
sheets and column titles, its school by the title row, its period by the title line; a file
re-sent by a school replaces that school's data of the same kind and period, and the import
says what changed. A file a curator edited in Excel is read by its column titles (columns may
be moved, rows deleted); one that lost what the summary needs is refused with the reason, and
nothing of it reaches the database.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email
import email.policy
import hashlib
import re
import shutil
import tempfile
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError
from desktop_app.models import (
    MunicipalIndicator,
    MunicipalPerson,
    MunicipalRow,
    MunicipalSubmission,
    Organisation,
)
from desktop_app.services import indicators as ind
from desktop_app.services.municipal import (
    MENTEES_SHEET,
    MENTORS_SHEET,
    NotABanksFile,
    _text,
    _typed,
    find_header_row,
    read_school_banks,
)
from desktop_app.services.spreadsheet import ImportFileError, read_table

if TYPE_CHECKING:
    from desktop_app.models.db import Database

ACCOUNTING_SHEET = "Учёт участников"
INDICATORS_SHEET = "Показатели"
RESULTS_SHEET = "Результаты наставляемых"
ACCOUNTING_ESSENTIAL = ("ФИО", "Роль")
MONITORING_ESSENTIAL = ("Показатель", "Отчётный период")

_AS_OF = re.compile(r"по состоянию на (\d{2})\.(\d{2})\.(\d{4})")
_PERIOD = re.compile(
    r"(?P<q>[1-4]) квартал (?P<qy>\d{4}) г\.|(?P<y1>\d{4})/(?P<y2>\d{4}) учебный год|"
    r"период с (?P<s>\d{2}\.\d{2}\.\d{4}) по (?P<e>\d{2}\.\d{2}\.\d{4})"
)
# Abbreviations for a school known only by its full name (the accounting and monitoring files
# carry no short name); the banks' «Организация» column gives the school's own when it comes.
_ABBREVIATIONS = (
    ("муниципальное казённое общеобразовательное учреждение", "МКОУ"),
    ("муниципальное казенное общеобразовательное учреждение", "МКОУ"),
    ("муниципальное бюджетное общеобразовательное учреждение", "МБОУ"),
    ("муниципальное автономное общеобразовательное учреждение", "МАОУ"),
    ("средняя общеобразовательная школа", "СОШ"),
    ("основная общеобразовательная школа", "ООШ"),
)
KIND_WORDS = {"banks": "банк", "accounting": "учёт участников", "monitoring": "мониторинг"}


class RefusedFile(ImportFileError):
    """A file that is not one the summary can take; the message says why and what to ask for."""


class ImportCancelled(AppError):
    def __init__(self) -> None:
        super().__init__("Загрузка файлов школ отменена — в базе ничего не изменилось.")


@dataclass
class ReceivedFile:
    """One school file as read, before it is stored."""

    kind: str  # banks | accounting | monitoring
    file_name: str
    file_hash: str
    organisation: str  # the full name in the title row
    short_name: str
    as_of: dt.date | None
    period: ind.Period | None  # None for a bank: it takes the package's or the last quarter
    people: list[dict[str, Any]] = field(default_factory=list)  # banks: role + typed + data
    rows: list[tuple[str, dict[str, Any]]] = field(default_factory=list)
    indicators: list[dict[str, Any]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


# ------------------------------------------------------------------- reading one file


def parse_period_label(text: str) -> ind.Period | None:
    match = _PERIOD.search(text)
    if match is None:
        return None
    if match["q"]:
        return ind.quarter(int(match["qy"]), int(match["q"]))
    if match["y1"]:
        return ind.school_year(int(match["y1"]))
    start = dt.datetime.strptime(match["s"], "%d.%m.%Y").date()
    end = dt.datetime.strptime(match["e"], "%d.%m.%Y").date()
    return ind.Period(start, end) if start <= end else None


def _as_of(title: str) -> dt.date | None:
    match = _AS_OF.search(title)
    if match is None:
        return None
    day, month, year = (int(g) for g in match.groups())
    with contextlib.suppress(ValueError):
        return dt.date(year, month, day)
    return None


def short_name_of(full_name: str) -> str:
    text = full_name
    for long, short in _ABBREVIATIONS:
        text = re.sub(re.escape(long), short, text, flags=re.IGNORECASE)
    return text


def _cell(value: Any) -> Any:
    """A cell as JSON keeps it: dates as «ДД.ММ.ГГГГ» (``_typed`` reads them back)."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, str):
        return _text(value)
    return value


def _number(value: Any) -> float | None:
    """A figure as the monitoring table holds it; text typed in Excel («12,5», «7 ») too."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return float(value)
    text = _text(value).replace(",", ".").replace("%", "").replace(" ", "")
    try:
        return float(text)
    except ValueError:
        return None  # «нет данных», «—»


def _int(value: Any) -> int | None:
    number = _number(value)
    return int(number) if number is not None else None


def _hash(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _header_map(rows: list[list[Any]], row: int) -> list[str]:
    return [_text(c) for c in rows[row]] if row < len(rows) else []


def _title_rows(rows: list[list[Any]], name: str, sheet: str) -> tuple[str, str]:
    organisation = _text(rows[0][0]) if rows and rows[0] else ""
    title = _text(rows[1][0]) if len(rows) > 1 and rows[1] else ""
    if not organisation or "по состоянию на" in organisation:
        raise RefusedFile(
            f"Файл {name}, лист «{sheet}»: над таблицей нет строки с названием школы — "
            "возможно, её удалили в Excel. Без неё не понять, чьи это данные; попросите школу "
            "выгрузить файл заново из программы."
        )
    return organisation, title


def _essential(header: list[str], needed: tuple[str, ...], name: str, sheet: str) -> None:
    missing = [c for c in needed if c not in header]
    if missing:
        raise RefusedFile(
            f"Файл {name}, лист «{sheet}»: нет столбцов {', '.join('«' + c + '»' for c in missing)}"
            " — возможно, их переименовали или удалили в Excel. Без них файл не войдёт в свод; "
            "верните названия столбцов или попросите школу выгрузить файл заново."
        )


def _period_from_title(title: str, name: str, sheet: str) -> ind.Period:
    period = parse_period_label(title)
    if period is None:
        raise RefusedFile(
            f"Файл {name}, лист «{sheet}»: в заголовке «{title or 'пусто'}» не указан период "
            "(например, «3 квартал 2026 г.») — возможно, заголовок изменили в Excel. Верните "
            "его или попросите школу выгрузить файл заново."
        )
    return period


def _read_banks(path: Path, data: bytes, tables: list[Any]) -> ReceivedFile:
    try:
        school = read_school_banks(path, tables)
    except NotABanksFile as exc:
        raise RefusedFile(exc.message) from None
    from desktop_app.export.kinds.banks import MENTEE_COLUMNS, MENTOR_COLUMNS

    received = ReceivedFile(
        "banks",
        path.name,
        _hash(data),
        school.organisation,
        school.short_name,
        school.as_of,
        None,
        notes=list(school.notes),
    )
    for role, rows, columns in (
        ("mentor", school.mentors, MENTOR_COLUMNS),
        ("mentee", school.mentees, MENTEE_COLUMNS),
    ):
        kinds = {c.header: c.kind for c in columns}
        for row in rows:
            typed = {h: _typed(row.get(h), kinds.get(h, "wrap")) for h in kinds if h != "№"}
            difficulties = [
                f"{h.removeprefix('Затруднения: ')}: {_text(row.get(h))}"
                for h in kinds
                if h.startswith("Затруднения: ") and _text(row.get(h))
            ]
            request = _text(row.get("Запрос"))
            received.people.append(
                {
                    "role": role,
                    "full_name": _text(row.get("ФИО")),
                    "job": _text(row.get("Должность")),
                    "subjects": _text(row.get("Преподаваемые предметы")),
                    "experience": typed.get("Пед. стаж, лет"),
                    "qualification": _text(row.get("Квалификационная категория")),
                    "expertise": _text(row.get("Направления (в чём может помочь)")),
                    "max_mentees": typed.get("Наибольшее число наставляемых"),
                    "current_mentees": typed.get("Число наставляемых сейчас"),
                    "category": _text(row.get("Категория наставляемого")),
                    "request": "; ".join(x for x in (request, *difficulties) if x),
                    "data": {h: _cell(v) for h, v in typed.items()},
                }
            )
    return received


def _read_accounting(path: Path, data: bytes, rows: list[list[Any]]) -> ReceivedFile:
    name = f"«{path.name}»"
    organisation, title = _title_rows(rows, name, ACCOUNTING_SHEET)
    period = _period_from_title(title, name, ACCOUNTING_SHEET)
    header_row = find_header_row(rows, "ФИО")
    header = _header_map(rows, header_row)
    _essential(header, ACCOUNTING_ESSENTIAL, name, ACCOUNTING_SHEET)
    received = ReceivedFile(
        "accounting",
        path.name,
        _hash(data),
        organisation,
        short_name_of(organisation),
        _as_of(title),
        period,
    )
    from desktop_app.export.kinds.monitoring import ACCOUNTING_COLUMNS

    _column_notes(received, header, [c.header for c in ACCOUNTING_COLUMNS], ACCOUNTING_SHEET)
    for cells in rows[header_row + 1 :]:
        values = {h: _cell(cells[i]) for i, h in enumerate(header) if h and i < len(cells)}
        if not values.get("ФИО") or not values.get("Роль"):
            continue  # the note under the table, an emptied row
        values.pop("№", None)
        received.rows.append(("accounting", values))
    return received


def _column_notes(received: ReceivedFile, header: list[str], expected: list[str], sheet: str):  # type: ignore[no-untyped-def]
    lacking = [c for c in expected if c not in header]
    if lacking:
        received.notes.append(
            f"лист «{sheet}»: нет столбцов {', '.join(lacking)} — в своде они пустые"
        )


def _read_monitoring(path: Path, data: bytes, tables: dict[str, list[list[Any]]]) -> ReceivedFile:
    name = f"«{path.name}»"
    rows = tables[INDICATORS_SHEET]
    organisation, title = _title_rows(rows, name, INDICATORS_SHEET)
    period = _period_from_title(title, name, INDICATORS_SHEET)
    header_row = find_header_row(rows, "Показатель")
    header = _header_map(rows, header_row)
    _essential(header, MONITORING_ESSENTIAL, name, INDICATORS_SHEET)
    received = ReceivedFile(
        "monitoring",
        path.name,
        _hash(data),
        organisation,
        short_name_of(organisation),
        _as_of(title),
        period,
    )
    catalogue = indicator_catalogue()
    seen: set[str] = set()
    for cells in rows[header_row + 1 :]:
        values = {h: cells[i] for i, h in enumerate(header) if h and i < len(cells)}
        title_text = _text(values.get("Показатель"))
        if not title_text:
            continue
        key, group, unit = "", _text(values.get("Раздел")), _text(values.get("Ед. изм."))
        for entry_key, pattern, entry_group, entry_unit in catalogue:
            if pattern.fullmatch(title_text):
                key, group, unit = entry_key, group or entry_group, unit or entry_unit
                break
        if key and key in seen:
            received.notes.append(f"показатель «{title_text}» повторяется — взята первая строка")
            continue
        seen.add(key)
        received.indicators.append(
            {
                "key": key,
                "group": group,
                "title": title_text,
                "unit": unit,
                "value": _number(values.get("Отчётный период")),
                "previous": _number(values.get("Предыдущий период")),
            }
        )
    if not received.indicators:
        raise RefusedFile(f"Файл {name}, лист «{INDICATORS_SHEET}»: в таблице нет показателей.")
    known = {i["key"] for i in received.indicators if i["key"]}
    lost = [title for key, title in _catalogue_titles() if key not in known]
    if lost:
        received.notes.append(
            "нет показателей: "
            + ", ".join(lost[:4])
            + (f" и ещё {len(lost) - 4}" if len(lost) > 4 else "")
            + " — в итогах по ним эта школа не учтена"
        )
    results = tables.get(RESULTS_SHEET)
    if results:
        result_header_row = find_header_row(results, "Наставляемый")
        result_header = _header_map(results, result_header_row)
        if "Наставляемый" in result_header:
            for cells in results[result_header_row + 1 :]:
                values = {
                    h: _cell(cells[i]) for i, h in enumerate(result_header) if h and i < len(cells)
                }
                if values.get("Наставляемый") and sum(1 for c in cells if _text(c)) >= 2:
                    received.rows.append(("results", values))
    return received


@lru_cache(maxsize=1)
def _catalogue() -> tuple[tuple[str, str, str, str], ...]:
    """(key, group, title, unit) of every indicator the program computes, in its order.

    Computed once on an empty in-memory database, so a new indicator of issue 8 is known here
    without a list kept by hand.
    """
    from sqlalchemy import create_engine

    from desktop_app.models import Base
    from desktop_app.models.db import Database

    engine = create_engine("sqlite://")
    Base.metadata.create_all(engine)
    db = Database(engine, None)
    try:
        items = ind.compute(db, ind.quarter(2000, 1)).items
    finally:
        engine.dispose()
    return tuple((i.key, i.group, i.title, i.unit) for i in items)


def _catalogue_titles() -> list[tuple[str, str]]:
    return [(key, title) for key, _group, title, _unit in _catalogue()]


def indicator_catalogue() -> list[tuple[str, re.Pattern[str], str, str]]:
    """Patterns that recognise an indicator's title; a date in a title matches any date."""
    out = []
    for key, group, title, unit in _catalogue():
        pattern = re.escape(title)
        pattern = re.sub(r"\d{2}\\\.\d{2}\\\.\d{4}", r"\\d{2}\\.\\d{2}\\.\\d{4}", pattern)
        out.append((key, re.compile(pattern, re.IGNORECASE), group, unit))
    return out


def read_school_file(path: Path | str) -> ReceivedFile:
    """Recognise one file by its sheets and read it; ``RefusedFile`` says why it cannot be."""
    path = Path(path)
    name = f"«{path.name}»"
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise RefusedFile(f"Файл {name} не прочитан: {exc.strerror or exc}.") from None
    sheets = read_table(path)
    tables = {t.sheet: t for t in sheets}
    if tables and next(iter(tables.values())).fmt != "xlsx":
        raise RefusedFile(
            f"Файл {name} — не таблица из программы: школы присылают банк, учёт и мониторинг "
            "в формате .xlsx. Попросите школу прислать «Пакет для отправки»."
        )
    if MENTORS_SHEET in tables or MENTEES_SHEET in tables:
        return _read_banks(path, data, sheets)
    if ACCOUNTING_SHEET in tables:
        return _read_accounting(path, data, tables[ACCOUNTING_SHEET].rows)
    if INDICATORS_SHEET in tables:
        return _read_monitoring(path, data, {k: t.rows for k, t in tables.items()})
    raise RefusedFile(
        f"Файл {name} — не банк, не учёт участников и не мониторинг из программы: в нём нет "
        f"листов «{MENTORS_SHEET}», «{ACCOUNTING_SHEET}» или «{INDICATORS_SHEET}» (есть: "
        f"{', '.join(tables) or 'ничего'}). Возможно, листы переименовали в Excel."
    )


# ------------------------------------------------------------------- packages


@contextlib.contextmanager
def unpacked(paths: list[Path]) -> Iterator[list[tuple[str, Path]]]:
    """Every file inside the chosen files, folders, .zip archives and .eml letters, as
    (the name the methodist knows it by, a path to read); temporary copies go afterwards."""
    temp = Path(tempfile.mkdtemp(prefix="nastavnik-municipal-"))
    out: list[tuple[str, Path]] = []
    counter = 0

    def spill(name: str, data: bytes, where: str) -> None:
        nonlocal counter
        counter += 1
        folder = temp / str(counter)
        folder.mkdir()
        target = folder / Path(name).name
        target.write_bytes(data)
        visit(target, f"{where} → {Path(name).name}")

    def visit(path: Path, label: str) -> None:
        suffix = path.suffix.lower()
        if path.is_dir():
            # In a folder only what a school sends is looked at: the methodist's own database
            # or a Thumbs.db lying there is not a file «from a school» to refuse.
            for child in sorted(path.iterdir()):
                if not child.name.startswith((".", "~$")) and (
                    child.is_dir() or child.suffix.lower() in _PACKAGE_SUFFIXES
                ):
                    visit(child, child.name)
            return
        if suffix == ".zip":
            try:
                with zipfile.ZipFile(path) as archive:
                    for info in archive.infolist():
                        if not info.is_dir():
                            spill(info.filename, archive.read(info), label)
            except (zipfile.BadZipFile, OSError):
                out.append((label, path))  # read_school_file names the problem
            return
        if suffix == ".eml":
            message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
            for part in message.iter_attachments():  # type: ignore[attr-defined]
                filename = part.get_filename()
                payload = part.get_payload(decode=True)
                if filename and payload is not None:
                    spill(filename, payload, label)
            return
        out.append((label, path))

    try:
        for path in paths:
            visit(Path(path), Path(path).name)
        yield out
    finally:
        shutil.rmtree(temp, ignore_errors=True)


# ------------------------------------------------------------------- storing


@dataclass
class FileOutcome:
    """What happened to one file: ``status`` new | replaced | same | older | refused | skipped."""

    label: str
    status: str
    message: str
    school: str = ""
    kind: str = ""
    period: str = ""

    @property
    def line(self) -> str:
        where = f"{self.school}, {KIND_WORDS.get(self.kind, self.kind)} за {self.period}: "
        if self.status in ("refused", "skipped"):
            return f"{self.label}: {self.message}"
        return f"{self.label} — {where}{self.message}"


@dataclass
class ImportReport:
    outcomes: list[FileOutcome] = field(default_factory=list)

    @property
    def taken(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in ("new", "replaced")]

    @property
    def refused(self) -> list[FileOutcome]:
        return [o for o in self.outcomes if o.status in ("refused", "older")]

    def summary(self) -> str:
        counts = {
            "загружено": sum(o.status == "new" for o in self.outcomes),
            "заменено": sum(o.status == "replaced" for o in self.outcomes),
            "без изменений": sum(o.status == "same" for o in self.outcomes),
            "не принято": len(self.refused),
            "пропущено": sum(o.status == "skipped" for o in self.outcomes),
        }
        parts = [f"{k}: {v}" for k, v in counts.items() if v]
        return "Файлов " + (", ".join(parts) if parts else "нет") + "."

    def lines(self) -> list[str]:
        return [o.line for o in self.outcomes]


_SKIP_SUFFIXES = {".docx", ".doc", ".pdf", ".txt", ".odt"}
_PACKAGE_SUFFIXES = {".xlsx", ".xls", ".csv", ".zip", ".eml", *_SKIP_SUFFIXES}


def import_files(
    db: Database,
    paths: list[Path],
    received_at: dt.datetime | None = None,
    progress: Callable[[int, int, str], bool] | None = None,
) -> ImportReport:
    """Take in files, folders and packages; one transaction for everything that was read.

    ``progress(done, total, what)`` returning False («Отмена») stops before anything is
    written: the files are all read first, then stored at once.
    """
    received_at = received_at or dt.datetime.now().replace(microsecond=0)
    report = ImportReport()
    read: list[tuple[str, ReceivedFile]] = []
    with unpacked(paths) as files:
        for number, (label, path) in enumerate(files):
            if progress is not None and not progress(number, len(files) + 1, f"Читаю {label}"):
                raise ImportCancelled()
            if path.suffix.lower() in _SKIP_SUFFIXES:
                report.outcomes.append(
                    FileOutcome(label, "skipped", "документ Word/PDF — для свода не нужен")
                )
                continue
            try:
                read.append((label, read_school_file(path)))
            except AppError as exc:
                report.outcomes.append(FileOutcome(label, "refused", "не принят. " + exc.message))
    # A bank has no period of its own: it goes with the package's accounting or monitoring
    # of the same school, else with the quarter before its date (the one being reported on).
    package_period: dict[str, ind.Period] = {}
    for _label, item in read:
        if item.period is not None:
            package_period.setdefault(_school_key(item.organisation), item.period)
    for _label, item in read:
        if item.period is None:
            day = item.as_of or received_at.date()
            item.period = package_period.get(
                _school_key(item.organisation), ind.quarter_of(day).previous()
            )
    # The older of two files of one school and period goes first, so the newer replaces it.
    read.sort(key=lambda pair: (pair[1].as_of or dt.date.min, pair[0]))
    if progress is not None and not progress(len(files), len(files) + 1, "Записываю в базу"):
        raise ImportCancelled()
    with db.transaction() as session:
        for label, item in read:
            report.outcomes.append(_store(session, label, item, received_at))
    return report


def _school_key(name: str) -> str:
    return " ".join(name.casefold().replace("ё", "е").split())


def find_school(session: Session, full_name: str, short_name: str) -> Organisation | None:
    wanted = {_school_key(full_name), _school_key(short_name)} - {""}
    for org in session.scalars(select(Organisation).order_by(Organisation.id)):
        if {_school_key(org.full_name), _school_key(org.short_name)} & wanted:
            return org
    return None


def _store(
    session: Session, label: str, item: ReceivedFile, received_at: dt.datetime
) -> FileOutcome:
    assert item.period is not None
    org = find_school(session, item.organisation, item.short_name)
    if org is None:
        org = Organisation(full_name=item.organisation, short_name=item.short_name)
        session.add(org)
        session.flush()
    elif item.kind == "banks" and org.short_name != item.short_name and not org.is_own:
        # The bank's «Организация» column is the school's own short name: the best one known.
        org.short_name = item.short_name
    outcome = FileOutcome(label, "new", "", org.display_name, item.kind, item.period.label)
    previous = session.scalars(
        select(MunicipalSubmission)
        .where(
            MunicipalSubmission.organisation_id == org.id,
            MunicipalSubmission.kind == item.kind,
            MunicipalSubmission.period_start == item.period.start,
            MunicipalSubmission.period_end == item.period.end,
        )
        .options(
            selectinload(MunicipalSubmission.people),
            selectinload(MunicipalSubmission.rows),
            selectinload(MunicipalSubmission.indicators),
        )
    ).first()
    if previous is not None and previous.file_hash == item.file_hash:
        outcome.status = "same"
        outcome.message = (
            f"этот файл уже загружен {previous.received_at:%d.%m.%Y %H:%M}, ничего не изменилось"
        )
        return outcome
    if (
        previous is not None
        and previous.as_of is not None
        and item.as_of is not None
        and item.as_of < previous.as_of
    ):
        outcome.status = "older"
        outcome.message = (
            f"не принят: в базе более новый файл этой школы на {previous.as_of:%d.%m.%Y} "
            f"(«{previous.file_name}»), а этот — на {item.as_of:%d.%m.%Y}"
        )
        return outcome
    submission = MunicipalSubmission(
        organisation_id=org.id,
        kind=item.kind,
        period_start=item.period.start,
        period_end=item.period.end,
        as_of=item.as_of,
        file_name=item.file_name,
        file_hash=item.file_hash,
        received_at=received_at,
        notes="; ".join(item.notes),
    )
    for number, person in enumerate(item.people, start=1):
        submission.people.append(MunicipalPerson(position=number, **person))
    for number, (sheet, data) in enumerate(item.rows, start=1):
        submission.rows.append(MunicipalRow(sheet=sheet, position=number, data=data))
    for number, values in enumerate(item.indicators, start=1):
        submission.indicators.append(MunicipalIndicator(position=number, **values))
    if previous is None:
        outcome.message = "загружено впервые: " + describe(item)
    else:
        outcome.status = "replaced"
        outcome.message = (
            f"заменён файл «{previous.file_name}» от {previous.received_at:%d.%m.%Y}; "
            + what_changed(previous, item)
        )
        session.delete(previous)
        session.flush()  # the unique (school, kind, period) is free before the new one goes in
    if item.notes:
        outcome.message += " Замечания: " + "; ".join(item.notes) + "."
    session.add(submission)
    session.flush()
    return outcome


def describe(item: ReceivedFile) -> str:
    if item.kind == "banks":
        mentors = sum(p["role"] == "mentor" for p in item.people)
        return f"наставников {mentors}, наставляемых {len(item.people) - mentors}."
    if item.kind == "accounting":
        return f"строк учёта {len(item.rows)}."
    return (
        f"показателей {len(item.indicators)}, результатов наставляемых "
        f"{sum(s == 'results' for s, _ in item.rows)}."
    )


def _names_change(label: str, before: list[str], after: list[str]) -> str:
    old, new = set(before), set(after)
    added, gone = sorted(new - old), sorted(old - new)
    if not added and not gone:
        return ""

    def listed(names: list[str]) -> str:
        return ", ".join(names[:3]) + ("…" if len(names) > 3 else "")

    bits = []
    if added:
        bits.append(f"+{len(added)} ({listed(added)})")
    if gone:
        bits.append(f"−{len(gone)} ({listed(gone)})")
    return f"{label}: было {len(before)}, стало {len(after)}, " + ", ".join(bits)


def what_changed(previous: MunicipalSubmission, item: ReceivedFile) -> str:
    """«что изменилось» between the stored file and the new one, in words."""
    parts: list[str] = []
    if item.kind == "banks":
        for role, label in (("mentor", "наставники"), ("mentee", "наставляемые")):
            change = _names_change(
                label,
                [p.full_name for p in previous.people if p.role == role],
                [p["full_name"] for p in item.people if p["role"] == role],
            )
            if change:
                parts.append(change)
        if not parts:
            changed = sum(
                1
                for old, new in zip(previous.people, item.people, strict=False)
                if old.data != new["data"]
            )
            if changed:
                parts.append(f"состав тот же, изменены сведения в строках: {changed}")
    elif item.kind == "accounting":

        def entry(data: dict[str, Any]) -> str:
            return f"{data.get('ФИО')} ({data.get('Роль')})"

        change = _names_change(
            "строки учёта",
            [entry(r.data) for r in previous.rows],
            [entry(d) for _s, d in item.rows],
        )
        if change:
            parts.append(change)
    else:
        old = {(i.key or i.title): i for i in previous.indicators}
        changed = []
        for values in item.indicators:
            before = old.get(values["key"] or values["title"])
            if before is None or before.value != values["value"]:
                was = ind.format_value(before.value, before.unit) if before else "—"
                now = ind.format_value(values["value"], values["unit"])
                changed.append(f"{values['title']}: {was} → {now}")
        if changed:
            parts.append(
                "изменились показатели: "
                + "; ".join(changed[:5])
                + (f" и ещё {len(changed) - 5}" if len(changed) > 5 else "")
            )
        results_before = sum(r.sheet == "results" for r in previous.rows)
        results_after = sum(s == "results" for s, _ in item.rows)
        if results_before != results_after:
            parts.append(f"результатов наставляемых было {results_before}, стало {results_after}")
    return "; ".join(parts) + "." if parts else "данные не изменились."


# ------------------------------------------------------------------- removing, with undo


@dataclass
class RemovedSchool:
    """A school's data for one period as it was before «Убрать»: enough to put it back."""

    name: str
    period: ind.Period
    submissions: list[dict[str, Any]] = field(default_factory=list)


_SUBMISSION_FIELDS = (
    "organisation_id",
    "kind",
    "period_start",
    "period_end",
    "as_of",
    "file_name",
    "file_hash",
    "received_at",
    "notes",
)


def _columns(row: Any) -> dict[str, Any]:
    return {
        c.key: getattr(row, c.key)
        for c in row.__table__.columns
        if c.key not in ("id", "submission_id")
    }


def remove_school_period(db: Database, organisation_id: int, period: ind.Period) -> RemovedSchool:
    """Take out every file a school sent for ``period`` (a wrong school's package, a test)."""
    with db.transaction() as session:
        org = session.get(Organisation, organisation_id)
        if org is None:
            raise AppError("Этой школы уже нет в базе.")
        removed = RemovedSchool(org.display_name, period)
        subs = session.scalars(
            select(MunicipalSubmission)
            .where(
                MunicipalSubmission.organisation_id == organisation_id,
                MunicipalSubmission.period_start == period.start,
                MunicipalSubmission.period_end == period.end,
            )
            .options(
                selectinload(MunicipalSubmission.people),
                selectinload(MunicipalSubmission.rows),
                selectinload(MunicipalSubmission.indicators),
            )
        ).all()
        for sub in subs:
            removed.submissions.append(
                {
                    "fields": {f: getattr(sub, f) for f in _SUBMISSION_FIELDS},
                    "people": [_columns(p) for p in sub.people],
                    "rows": [_columns(r) for r in sub.rows],
                    "indicators": [_columns(i) for i in sub.indicators],
                }
            )
            session.delete(sub)
    return removed


def restore_removed(db: Database, removed: RemovedSchool) -> None:
    """Ctrl+Z after «Убрать»: the files come back as they were, unless newer ones came since."""
    with db.transaction() as session:
        for saved in removed.submissions:
            fields = saved["fields"]
            clash = session.scalars(
                select(MunicipalSubmission.file_name).where(
                    MunicipalSubmission.organisation_id == fields["organisation_id"],
                    MunicipalSubmission.kind == fields["kind"],
                    MunicipalSubmission.period_start == fields["period_start"],
                    MunicipalSubmission.period_end == fields["period_end"],
                )
            ).first()
            if clash is not None:
                raise AppError(
                    f"Вернуть данные {removed.name} нельзя: за это время загружен файл "
                    f"«{clash}» за тот же период."
                )
            sub = MunicipalSubmission(**fields)
            sub.people = [MunicipalPerson(**p) for p in saved["people"]]
            sub.rows = [MunicipalRow(**r) for r in saved["rows"]]
            sub.indicators = [MunicipalIndicator(**i) for i in saved["indicators"]]
            session.add(sub)
