"""Backups: consistent while the database is open, listed, thinned, checked, restored."""

from __future__ import annotations

import datetime as dt
import os
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import func, select

from desktop_app.errors import DatabaseDamaged, DatabaseLocked
from desktop_app.models import Person
from desktop_app.models.db import Database, open_database
from desktop_app.services import backup as backup_service
from desktop_app.services.backup import (
    BackupError,
    BackupInfo,
    BackupPolicy,
    BackupReason,
    auto_backup,
    backups_to_thin,
    check_backup,
    list_backups,
    load_policy,
    make_backup,
    restore_backup,
    save_policy,
    watch_changes,
)
from desktop_app.services.people import PeopleService, PersonDraft


def _add(db: Database, last: str) -> int:
    return PeopleService(db).create(PersonDraft(last_name=last, first_name="Анна"))


def _people(path: Path) -> list[str]:
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return sorted(r[0] for r in conn.execute("SELECT last_name FROM person"))
    finally:
        conn.close()


@pytest.mark.sqlite_only
def test_backup_of_an_open_database_holds_every_committed_edit(
    empty_db: Database, tmp_path: Path
) -> None:
    _add(empty_db, "Петрова")
    # A write transaction is open (uncommitted) while the backup is made: the copy holds the
    # committed state only, and is whole.
    with empty_db.transaction() as session:
        session.add(Person(organisation_id=1, last_name="Незаконченная", first_name="Ю"))
        session.flush()
        made = make_backup(empty_db.path, tmp_path / "b")  # type: ignore[arg-type]
    assert check_backup(made.path).ok
    assert _people(made.path) == ["Петрова"]
    assert made.reason is BackupReason.MANUAL
    assert not list((tmp_path / "b").glob("*.part"))


def test_list_is_newest_first_and_only_of_this_database(tmp_path: Path) -> None:
    from desktop_app.paths import backup_stem

    folder = tmp_path / "b"
    folder.mkdir()
    me = backup_stem(tmp_path / "school.sqlite")
    # The same file name in another folder (a USB stick) is another database.
    twin = backup_stem(tmp_path / "usb" / "school.sqlite")
    for name in (
        f"{me}_2026-11-20_10-00-00_close.sqlite",
        f"{me}_2026-11-22_09-30-00_manual.sqlite",
        f"{me}_2026-11-22_09-30-00-2_before-restore.sqlite",
        f"{backup_stem(tmp_path / 'school_2.sqlite')}_2026-11-23_10-00-00_close.sqlite",
        f"{twin}_2026-11-24_10-00-00_close.sqlite",
        f"{twin}_до-обновления_0001_initial_2026-11-24_08-00-00.sqlite",
        f"{me}_до-обновления_0001_initial_2026-11-21_08-00-00.sqlite",
        "school_2026-11-25_10-00-00_close.sqlite",  # no key: not ours to restore
        f"{me}_notes.txt",
    ):
        (folder / name).write_bytes(b"x" * 10)
    assert me != twin and me.startswith("school~")
    found = list_backups(tmp_path / "school.sqlite", folder)
    assert [b.made_at for b in found] == [
        dt.datetime(2026, 11, 22, 9, 30),
        dt.datetime(2026, 11, 22, 9, 30),
        dt.datetime(2026, 11, 21, 8, 0),
        dt.datetime(2026, 11, 20, 10, 0),
    ]
    assert {b.reason for b in found} == {
        BackupReason.MANUAL,
        BackupReason.BEFORE_RESTORE,
        BackupReason.BEFORE_MIGRATION,
        BackupReason.ON_CLOSE,
    }
    assert found[0].size_text == "10 Б"


def _fake(day: dt.date, hour: int = 12) -> BackupInfo:
    made = dt.datetime.combine(day, dt.time(hour))
    return BackupInfo(Path(f"x_{made:%Y-%m-%d_%H}.sqlite"), made, BackupReason.ON_CLOSE, 1)


def test_thinning_keeps_today_yesterday_then_daily_weekly_monthly() -> None:
    today = dt.date(2026, 11, 23)
    backups = [_fake(today - dt.timedelta(days=n), h) for n in range(0, 400) for h in (9, 17)]
    policy = BackupPolicy(daily=3, weekly=2, monthly=4)
    removed = {b.path for b in backups_to_thin(backups, policy, today)}
    kept = sorted((b for b in backups if b.path not in removed), key=lambda b: b.made_at)
    kept_days = [b.made_at.date() for b in kept]
    # Today and yesterday whole (2 + 2), then one per day for 3 days, 2 weeks, 4 months.
    assert len(kept) == 4 + 3 + 2 + 4
    assert kept_days.count(today) == 2 and kept_days.count(today - dt.timedelta(days=1)) == 2
    older = [d for d in kept_days if d < today - dt.timedelta(days=1)]
    assert len(set(older)) == len(older)  # one per day at most
    assert max(older) == today - dt.timedelta(days=2)
    # The newest copy of each kept day is the one kept (17:00, not 09:00).
    assert all(b.made_at.hour == 17 for b in kept if b.made_at.date() in older)
    assert min(older) > today - dt.timedelta(days=200)


def test_thinning_with_few_backups_deletes_nothing() -> None:
    today = dt.date(2026, 11, 23)
    backups = [_fake(today - dt.timedelta(days=n)) for n in (0, 3, 10, 40)]
    assert backups_to_thin(backups, BackupPolicy(), today) == []


@pytest.mark.sqlite_only
def test_check_backup_finds_damage(empty_db: Database, tmp_path: Path) -> None:
    _add(empty_db, "Петрова")
    good = make_backup(empty_db.path, tmp_path / "b").path  # type: ignore[arg-type]
    result = check_backup(good)
    assert result.ok and result.people == 1
    truncated = tmp_path / "truncated.sqlite"
    truncated.write_bytes(good.read_bytes()[:5000])
    assert not check_backup(truncated).ok
    noise = tmp_path / "noise.sqlite"
    noise.write_bytes(os.urandom(8192))
    assert "не является базой" in check_backup(noise).message
    other = tmp_path / "other.sqlite"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE songs (id INTEGER)")
    assert "другой программы" in check_backup(other).message
    assert "не читается" in check_backup(tmp_path / "missing.sqlite").message


@pytest.mark.sqlite_only
def test_restore_backs_up_the_current_state_first(empty_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    _add(empty_db, "Петрова")
    old = make_backup(empty_db.path, folder).path  # type: ignore[arg-type]
    _add(empty_db, "Сидоров")
    path = empty_db.path
    empty_db.close()

    result = restore_backup(old, path, folder)  # type: ignore[arg-type]
    assert _people(path) == ["Петрова"]  # type: ignore[arg-type]
    assert result.previous is not None and not result.previous_was_damaged
    assert _people(result.previous) == ["Петрова", "Сидоров"]  # the restore can be undone
    db = open_database(path)  # type: ignore[arg-type]
    try:
        with db.session() as session:
            assert session.scalar(select(func.count(Person.id))) == 1
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_restore_refuses_while_the_database_is_open(empty_db: Database, tmp_path: Path) -> None:
    good = make_backup(empty_db.path, tmp_path / "b").path  # type: ignore[arg-type]
    with pytest.raises(DatabaseLocked):
        restore_backup(good, empty_db.path, tmp_path / "b")  # type: ignore[arg-type]


@pytest.mark.sqlite_only
def test_restore_refuses_a_damaged_backup_and_keeps_the_database(
    empty_db: Database, tmp_path: Path
) -> None:
    _add(empty_db, "Петрова")
    path = empty_db.path
    empty_db.close()
    bad = tmp_path / "bad.sqlite"
    bad.write_bytes(b"SQLite format 3\x00" + os.urandom(3000))
    before = path.read_bytes()  # type: ignore[union-attr]
    with pytest.raises(BackupError) as info:
        restore_backup(bad, path, tmp_path / "b")  # type: ignore[arg-type]
    assert "Выберите другую копию" in info.value.message
    assert path.read_bytes() == before  # type: ignore[union-attr]


@pytest.mark.sqlite_only
def test_damaged_database_is_refused_then_restored_from_backup(
    empty_db: Database, tmp_path: Path
) -> None:
    folder = tmp_path / "b"
    _add(empty_db, "Петрова")
    good = make_backup(empty_db.path, folder).path  # type: ignore[arg-type]
    path: Path = empty_db.path  # type: ignore[assignment]
    empty_db.close()
    data = bytearray(path.read_bytes())
    data[4096 + 100 : 4096 + 4000] = os.urandom(3900)  # a page overwritten by a power cut
    path.write_bytes(bytes(data[:8192]))
    with pytest.raises(DatabaseDamaged) as info:
        open_database(path)
    assert info.value.path == path
    result = restore_backup(good, path, folder)
    assert result.previous_was_damaged
    assert result.previous is not None and result.previous.exists()
    db = open_database(path)
    try:
        assert [p.last_name for p in db.session().scalars(select(Person))] == ["Петрова"]
    finally:
        db.close()


@pytest.mark.sqlite_only
def test_backup_into_a_full_disk_leaves_no_half_file(
    empty_db: Database, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "usb"
    real_connect = sqlite3.connect

    class FullDisk:
        def __init__(self, path: object) -> None:
            self.conn = real_connect(path)  # type: ignore[call-overload]
            Path(str(path)).write_bytes(b"half")

        def close(self) -> None:
            self.conn.close()

    def connect(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(target).endswith(".part"):
            return FullDisk(target)
        return real_connect(target, *args, **kwargs)

    class Source:
        def __init__(self, conn: sqlite3.Connection) -> None:
            self.conn = conn

        def backup(self, _dst: object) -> None:
            raise sqlite3.OperationalError("database or disk is full")

        def close(self) -> None:
            self.conn.close()

    def connect_any(target, *args, **kwargs):  # type: ignore[no-untyped-def]
        if str(target).endswith(".part"):
            return connect(target)
        return Source(real_connect(target, *args, **kwargs))

    monkeypatch.setattr("desktop_app.models.db.sqlite3.connect", connect_any)
    with pytest.raises(BackupError) as info:
        make_backup(empty_db.path, folder)  # type: ignore[arg-type]
    monkeypatch.undo()
    assert "не хватает места" in info.value.message
    assert list(folder.iterdir()) == []  # neither the .part nor a file under the real name


@pytest.mark.sqlite_only
def test_backup_into_a_folder_that_is_a_file(empty_db: Database, tmp_path: Path) -> None:
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    with pytest.raises(BackupError) as info:
        backup_service.backup_file(empty_db.path, blocker / "copy.sqlite")  # type: ignore[arg-type]
    assert "Выберите другую папку" in info.value.message


@pytest.mark.sqlite_only
def test_automatic_backups(empty_db: Database, tmp_path: Path) -> None:
    folder = tmp_path / "b"
    watch_changes(empty_db)
    now = dt.datetime(2026, 11, 23, 8, 0)
    assert auto_backup(empty_db, folder, BackupReason.DAILY, now) is not None
    assert auto_backup(empty_db, folder, BackupReason.DAILY, now) is None  # once a day
    # Closing after only reading makes no copy.
    assert auto_backup(empty_db, folder, BackupReason.ON_CLOSE, now) is None
    _add(empty_db, "Петрова")
    # Within the interval no periodic copy, after it one.
    later = now + dt.timedelta(minutes=30)
    assert auto_backup(empty_db, folder, BackupReason.PERIODIC, later) is None
    later = now + dt.timedelta(hours=3)
    made = auto_backup(empty_db, folder, BackupReason.PERIODIC, later)
    assert made is not None and _people(made.path) == ["Петрова"]
    assert auto_backup(empty_db, folder, BackupReason.ON_CLOSE, later) is None
    _add(empty_db, "Сидоров")
    closing = auto_backup(empty_db, folder, BackupReason.ON_CLOSE, later)
    assert closing is not None and _people(closing.path) == ["Петрова", "Сидоров"]


def test_close_hook_runs_before_the_database_closes(empty_db: Database, tmp_path: Path) -> None:
    seen: list[int] = []

    def hook(db: Database) -> None:
        with db.session() as session:
            seen.append(session.scalar(select(func.count(Person.id))) or 0)

    _add(empty_db, "Петрова")
    empty_db.before_close.append(hook)
    empty_db.close()
    assert seen == [1]


def test_policy_is_stored_and_bad_values_fall_back(empty_db: Database) -> None:
    assert load_policy(empty_db) == BackupPolicy()
    save_policy(empty_db, BackupPolicy(daily=10, weekly=5, monthly=24, every_hours=4))
    assert load_policy(empty_db) == BackupPolicy(10, 5, 24, 4)
