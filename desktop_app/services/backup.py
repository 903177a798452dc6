"""Backups of the database: made, listed, thinned, checked and restored.

Every backup goes through SQLite's online backup API (``copy_sqlite``): a consistent copy even
while the program writes, never a file copy of a live database with half a transaction in its
WAL. Backups live in the backups folder as ``<база>_<ГГГГ-ММ-ДД_ЧЧ-ММ-СС>_<повод>.sqlite`` so
that a curator who opens the folder in Explorer sees whose copy it is and when it was made.

Thinning follows Anki: every backup of today and yesterday is kept, then one a day, one a week
and one a month for as many days, weeks and months as the settings say.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from desktop_app.errors import AppError, DatabaseLocked
from desktop_app.models.db import SQLITE_HEADER, Database, _FileLock, copy_sqlite
from desktop_app.paths import backup_stem

STAMP_FORMAT = "%Y-%m-%d_%H-%M-%S"
POLICY_KEY = "safety.backup_policy"


class BackupError(AppError):
    """A backup cannot be made, read or restored; the message says why and what to do."""


class BackupReason(str, enum.Enum):
    """Why a backup was made: part of the file name (code) and shown in the list (label)."""

    label: str

    def __new__(cls, code: str, label: str) -> BackupReason:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        return obj

    MANUAL = ("manual", "вручную")
    DAILY = ("daily", "при открытии (раз в день)")
    PERIODIC = ("periodic", "во время работы")
    ON_CLOSE = ("close", "при закрытии")
    BEFORE_RESTORE = ("before-restore", "перед восстановлением")
    BEFORE_MIGRATION = ("before-update", "перед обновлением программы")
    BEFORE_ERASE = ("before-erase", "перед удалением данных")


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    made_at: dt.datetime
    reason: BackupReason
    size: int

    @property
    def size_text(self) -> str:
        return human_size(self.size)


@dataclass(frozen=True)
class BackupPolicy:
    """How many backups to keep beyond today and yesterday, and how often to make them."""

    daily: int = 7
    weekly: int = 4
    monthly: int = 12
    every_hours: int = 2


@dataclass(frozen=True)
class BackupCheck:
    ok: bool
    message: str
    people: int | None = None
    revision: str | None = None


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} Б"
    if size < 1024 * 1024:
        return f"{size / 1024:.0f} КБ"
    return f"{size / 1024 / 1024:.1f} МБ".replace(".", ",")


# --- names -----------------------------------------------------------------------------


def _pattern(stem: str) -> re.Pattern[str]:
    # The date right after «<база>_» keeps «школа» from claiming the backups of «школа_2».
    return re.compile(
        rf"^{re.escape(stem)}_(\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d)(?:-(\d+))?_([a-z-]+)\.sqlite$"
    )


# The copy that opening a database makes before a schema update (models/db.py names it).
def _migration_pattern(stem: str) -> re.Pattern[str]:
    return re.compile(
        rf"^{re.escape(stem)}_до-обновления_.+_(\d{{4}}-\d\d-\d\d_\d\d-\d\d-\d\d)\.sqlite$"
    )


def list_backups(db_path: Path, folder: Path) -> list[BackupInfo]:
    """The backups of the database at ``db_path`` in ``folder``, newest first."""
    stem = backup_stem(Path(db_path))
    ours, before_update = _pattern(stem), _migration_pattern(stem)
    found: list[BackupInfo] = []
    written: dict[Path, int] = {}
    if not folder.is_dir():
        return found
    for entry in folder.iterdir():
        match = ours.match(entry.name)
        try:
            if match:
                made = dt.datetime.strptime(match.group(1), STAMP_FORMAT)
                try:
                    reason = BackupReason(match.group(3))
                except ValueError:
                    reason = BackupReason.MANUAL
            elif migration := before_update.match(entry.name):
                made = dt.datetime.strptime(migration.group(1), STAMP_FORMAT)
                reason = BackupReason.BEFORE_MIGRATION
            else:
                continue
            stat = entry.stat()
        except (ValueError, OSError):
            continue
        found.append(BackupInfo(entry, made, reason, stat.st_size))
        written[entry] = stat.st_mtime_ns
    # Several copies in one second (closing, then «перед восстановлением»): the file times
    # order them.
    found.sort(key=lambda b: (b.made_at, written[b.path]), reverse=True)
    return found


def _target_name(db_path: Path, folder: Path, reason: BackupReason, now: dt.datetime) -> Path:
    stamp = now.strftime(STAMP_FORMAT)
    target = folder / f"{backup_stem(db_path)}_{stamp}_{reason.value}.sqlite"
    number = 2
    while target.exists():  # two backups in one second (before a restore, then a restore)
        target = folder / f"{backup_stem(db_path)}_{stamp}-{number}_{reason.value}.sqlite"
        number += 1
    return target


# --- making ----------------------------------------------------------------------------


def backup_file(source: Path, target: Path) -> Path:
    """A consistent copy of ``source`` at ``target`` with a clear message on failure.

    The copy is written under a temporary name and renamed, so a full disk or a pulled USB
    stick never leaves a half backup under a real name.
    """
    source, target = Path(source), Path(target)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BackupError(
            f"Не удалось создать папку «{target.parent}» ({exc.strerror}). Выберите другую папку."
        ) from exc
    if not os.access(target.parent, os.W_OK):
        raise BackupError(
            f"В папку «{target.parent}» нельзя записывать. Выберите другую папку или "
            "проверьте, не защищена ли флешка от записи."
        )
    try:
        return copy_sqlite(source, target)
    except sqlite3.Error as exc:
        text = str(exc)
        if "full" in text:
            reason = "на диске не хватает места"
        elif "readonly" in text or "read-only" in text or "unable to open" in text:
            reason = "в папку нельзя записывать"
        else:
            reason = text
        raise BackupError(
            f"Резервная копия не сохранена в «{target.parent}»: {reason}. Освободите место "
            "или выберите другую папку. Сама база не изменилась."
        ) from exc
    except OSError as exc:
        raise BackupError(
            f"Резервная копия не сохранена в «{target.parent}» ({exc.strerror}). "
            "Освободите место или выберите другую папку. Сама база не изменилась."
        ) from exc


def make_backup(
    db_path: Path,
    folder: Path,
    reason: BackupReason = BackupReason.MANUAL,
    now: dt.datetime | None = None,
) -> BackupInfo:
    db_path = Path(db_path)
    now = now or dt.datetime.now()
    target = backup_file(db_path, _target_name(db_path, folder, reason, now))
    return BackupInfo(target, now.replace(microsecond=0), reason, target.stat().st_size)


# --- thinning --------------------------------------------------------------------------


def backups_to_thin(
    backups: Iterable[BackupInfo], policy: BackupPolicy, today: dt.date
) -> list[BackupInfo]:
    """The backups a thinning would delete: not of today or yesterday, and not the newest of
    one of the last ``daily`` days, ``weekly`` weeks or ``monthly`` months that have backups."""
    newest_first = sorted(backups, key=lambda b: b.made_at, reverse=True)
    keep: set[Path] = set()
    kept_days: set[dt.date] = set()
    kept_weeks: set[tuple[int, int]] = set()
    kept_months: set[tuple[int, int]] = set()
    daily = weekly = monthly = 0
    for backup in newest_first:
        day = backup.made_at.date()
        if day >= today - dt.timedelta(days=1):
            keep.add(backup.path)
            continue
        iso = day.isocalendar()
        week, month = (iso[0], iso[1]), (day.year, day.month)
        kept = False
        if day in kept_days:
            pass  # a newer copy of that day is kept
        elif daily < policy.daily:
            daily += 1
            kept = True
        elif week in kept_weeks:
            pass
        elif weekly < policy.weekly:
            weekly += 1
            kept = True
        elif month in kept_months:
            pass
        elif monthly < policy.monthly:
            monthly += 1
            kept = True
        if kept:
            keep.add(backup.path)
            kept_days.add(day)
            kept_weeks.add(week)
            kept_months.add(month)
    return [b for b in newest_first if b.path not in keep]


def thin_backups(
    db_path: Path, folder: Path, policy: BackupPolicy, today: dt.date | None = None
) -> list[Path]:
    """Delete the backups the policy no longer keeps; return what was deleted."""
    removed: list[Path] = []
    for backup in backups_to_thin(list_backups(db_path, folder), policy, today or dt.date.today()):
        with contextlib.suppress(OSError):
            backup.path.unlink()
            removed.append(backup.path)
    return removed


# --- checking --------------------------------------------------------------------------


def check_backup(path: Path) -> BackupCheck:
    """Open a backup read-only and check it whole: a copy that fails here is no copy."""
    from desktop_app.models.db import _known_revisions

    path = Path(path)
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except OSError as exc:
        return BackupCheck(False, f"Файл «{path.name}» не читается ({exc.strerror}).")
    if header != SQLITE_HEADER:
        return BackupCheck(False, f"Файл «{path.name}» не является базой данных программы.")
    try:
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        return BackupCheck(False, f"Файл «{path.name}» не открывается: {exc}.")
    try:
        result = [row[0] for row in conn.execute("PRAGMA integrity_check(20)")]
        if result != ["ok"]:
            return BackupCheck(False, f"Копия «{path.name}» повреждена: {'; '.join(result[:3])}.")
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables or "person" not in tables:
            return BackupCheck(False, f"Файл «{path.name}» — база данных другой программы.")
        revision = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        revision_text = revision[0] if revision else None
        people = conn.execute("SELECT count(*) FROM person").fetchone()[0]
    except sqlite3.Error as exc:
        return BackupCheck(False, f"Копия «{path.name}» повреждена: {exc}.")
    finally:
        conn.close()
    if revision_text not in _known_revisions():
        return BackupCheck(
            False,
            f"Копия «{path.name}» сделана более новой версией программы: обновите программу.",
            people,
            revision_text,
        )
    return BackupCheck(
        True, f"Копия «{path.name}» в порядке: педагогов — {people}.", people, revision_text
    )


# --- restoring -------------------------------------------------------------------------


@dataclass(frozen=True)
class RestoreResult:
    restored_from: Path
    # The state before the restore: a backup of it, or the damaged file moved aside.
    previous: Path | None
    previous_was_damaged: bool


def restore_backup(
    backup: Path, db_path: Path, folder: Path, now: dt.datetime | None = None
) -> RestoreResult:
    """Put the backup's contents in place of the database at ``db_path``.

    The database must be closed (the UI closes it first). Its current state is kept: backed up
    when it is readable, moved aside under «.повреждён-…» when it is not, so a restore chosen
    by mistake can itself be undone.
    """
    backup, db_path = Path(backup), Path(db_path).resolve()
    now = now or dt.datetime.now()
    checked = check_backup(backup)
    if not checked.ok:
        raise BackupError(checked.message + " Выберите другую копию.")
    lock = _FileLock(db_path.with_name(db_path.name + ".lock"))
    try:
        locked = lock.acquire()
    except OSError as exc:
        raise BackupError(
            f"В папку «{db_path.parent}» нельзя записывать ({exc.strerror})."
        ) from exc
    if not locked:
        raise DatabaseLocked(
            f"База «{db_path}» открыта в другом окне программы. Закройте его и повторите."
        )
    try:
        previous: Path | None = None
        damaged = False
        if db_path.exists():
            if _readable(db_path):
                previous = make_backup(db_path, folder, BackupReason.BEFORE_RESTORE, now).path
            else:
                damaged = True
                previous = _move_aside(db_path, now)
        _restore_into(backup, db_path)
    finally:
        lock.release()
    return RestoreResult(backup, previous, damaged)


def _readable(path: Path) -> bool:
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return False
        conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        try:
            return conn.execute("PRAGMA quick_check(1)").fetchone()[0] == "ok"
        finally:
            conn.close()
    except (OSError, sqlite3.Error):
        return False


def _move_aside(path: Path, now: dt.datetime) -> Path:
    """Keep a damaged file (a specialist may still recover something from it), out of the
    way: with its WAL, which must not be replayed into the restored database."""
    stamp = now.strftime(STAMP_FORMAT)
    aside = path.with_name(f"{path.name}.повреждён-{stamp}")
    try:
        os.replace(path, aside)
        for suffix in ("-wal", "-shm"):
            extra = path.with_name(path.name + suffix)
            if extra.exists():
                os.replace(extra, aside.with_name(aside.name + suffix))
    except OSError as exc:
        raise BackupError(
            f"Не удалось отложить повреждённый файл «{path}» ({exc.strerror})."
        ) from exc
    return aside


def _restore_into(backup: Path, db_path: Path) -> None:
    """Write the backup's pages into the database through the backup API, which goes through
    SQLite's own journal: a crash halfway leaves the old contents, never a mix."""
    try:
        src = sqlite3.connect(f"file:{backup}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(db_path)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
    except sqlite3.Error as exc:
        raise BackupError(
            f"Не удалось восстановить базу «{db_path}» из копии: {exc}. Прежнее состояние "
            "сохранено в резервных копиях."
        ) from exc


# --- the policy and automatic backups --------------------------------------------------


def load_policy(db: Database) -> BackupPolicy:
    from desktop_app.models import Setting

    with db.session() as session:
        row = session.get(Setting, POLICY_KEY)
        value = row.value if row is not None and isinstance(row.value, dict) else {}
    defaults = BackupPolicy()
    numbers = {}
    for name in ("daily", "weekly", "monthly", "every_hours"):
        try:
            numbers[name] = max(0, min(int(value.get(name, getattr(defaults, name))), 999))
        except (TypeError, ValueError):
            numbers[name] = getattr(defaults, name)
    numbers["every_hours"] = max(1, numbers["every_hours"])
    return BackupPolicy(**numbers)


def save_policy(db: Database, policy: BackupPolicy) -> None:
    from desktop_app.models import Setting

    with db.transaction() as session:
        row = session.get(Setting, POLICY_KEY)
        value = {
            "daily": policy.daily,
            "weekly": policy.weekly,
            "monthly": policy.monthly,
            "every_hours": policy.every_hours,
        }
        if row is None:
            session.add(Setting(key=POLICY_KEY, value=value))
        else:
            row.value = value


def watch_changes(db: Database) -> None:
    """Count writes to this database, so that a backup is made only when there is something
    new to keep (closing after only reading makes no copy)."""
    from sqlalchemy import event

    if db.cache.get("safety.watched"):
        return
    db.cache["safety.watched"] = True
    db.cache.setdefault("safety.writes", 0)
    db.cache.setdefault("safety.writes_at_backup", 0)

    def after_execute(_conn, _cursor, statement, _params, _context, _many) -> None:  # type: ignore[no-untyped-def]
        head = statement.lstrip()[:7].upper()
        if head.startswith(("INSERT", "UPDATE", "DELETE", "REPLACE")):
            db.cache["safety.writes"] += 1

    event.listen(db.engine, "after_cursor_execute", after_execute)


def has_unsaved_changes(db: Database) -> bool:
    """Changes made since the last backup of this session."""
    return db.cache.get("safety.writes", 0) > db.cache.get("safety.writes_at_backup", 0)


def auto_backup(
    db: Database,
    folder: Path,
    reason: BackupReason,
    now: dt.datetime | None = None,
) -> BackupInfo | None:
    """The automatic backups: once a day on opening, every N hours of work with changes, and
    on closing after changes. Thins the old ones afterwards. Returns the backup, if made."""
    if db.path is None or not Path(db.path).exists():
        return None
    now = now or dt.datetime.now()
    existing = list_backups(db.path, folder)
    policy = load_policy(db)
    if reason is BackupReason.DAILY:
        if any(b.made_at.date() == now.date() for b in existing):
            return None
    elif reason is BackupReason.PERIODIC:
        if not has_unsaved_changes(db):
            return None
        if existing and now - existing[0].made_at < dt.timedelta(hours=policy.every_hours):
            return None
    elif reason is BackupReason.ON_CLOSE and not has_unsaved_changes(db):
        return None
    writes = db.cache.get("safety.writes", 0)
    made = make_backup(Path(db.path), folder, reason, now)
    db.cache["safety.writes_at_backup"] = writes
    thin_backups(Path(db.path), folder, policy, now.date())
    return made


def backup_now(db: Database, folder: Path, now: dt.datetime | None = None) -> BackupInfo:
    """«Сделать копию сейчас»: a manual backup, then the usual thinning."""
    if db.path is None:
        raise BackupError("Резервные копии делаются только для базы в файле.")
    now = now or dt.datetime.now()
    writes = db.cache.get("safety.writes", 0)
    made = make_backup(Path(db.path), folder, BackupReason.MANUAL, now)
    db.cache["safety.writes_at_backup"] = writes
    thin_backups(Path(db.path), folder, load_policy(db), now.date())
    return made
