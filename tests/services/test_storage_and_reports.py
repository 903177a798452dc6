"""Where the database lives (network / removable warning) and error reports without PII."""

from __future__ import annotations

import sys
from pathlib import Path

from desktop_app.services import storage
from desktop_app.services.crash_report import crash_report, scrub

MOUNTS = """\
/dev/sda1 / ext4 rw 0 0
//server/school /mnt/school cifs rw 0 0
server:/export /srv/nfs nfs4 rw 0 0
/dev/sdb1 /media/teacher/FLASH vfat rw 0 0
/dev/sda2 /home ext4 rw 0 0
"""


def test_storage_kind_from_mounts(tmp_path: Path) -> None:
    mounts = tmp_path / "mounts"
    mounts.write_text(MOUNTS)
    kind = lambda p: storage._posix_kind(Path(p), str(mounts))  # noqa: E731
    assert kind("/mnt/school/база.sqlite") == "network"
    assert kind("/srv/nfs/a/b.sqlite") == "network"
    assert kind("/media/teacher/FLASH/nastavnik.sqlite") == "removable"
    assert kind("/home/teacher/nastavnik.sqlite") == "local"
    assert kind("/mnt/schoolbook/x.sqlite") == "local"  # not inside /mnt/school


def test_storage_warning_says_what_to_do(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(storage, "storage_kind", lambda _p: "network")
    assert "сетевом диске" in (storage.storage_warning(Path("/x/b.sqlite")) or "")
    monkeypatch.setattr(storage, "storage_kind", lambda _p: "removable")
    assert "флешк" in (storage.storage_warning(Path("/x/b.sqlite")) or "")
    monkeypatch.setattr(storage, "storage_kind", lambda _p: "local")
    assert storage.storage_warning(Path("/x/b.sqlite")) is None


def test_scrub_masks_personal_data() -> None:
    text = (
        "INSERT failed: ('Сидорова', 'Анна', 'anna@school.ru', '+7 916 123-45-67') "
        "in /home/ivanova/nastavnik.sqlite «Приказ»"
    )
    clean = scrub(text)
    for secret in ("Сидорова", "Анна", "anna@school.ru", "916", "ivanova", "Приказ"):
        assert secret not in clean
    assert "INSERT failed" in clean


def test_report_has_the_place_and_versions_not_the_values() -> None:
    def failing(person: str) -> None:
        raise KeyError(person)

    try:
        failing("Петров Пётр Петрович")
    except KeyError:
        report = crash_report(*sys.exc_info())  # type: ignore[arg-type]
    assert "KeyError" in report and "in failing" not in report
    assert " в failing" in report and "Программа:" in report and "Python:" in report
    assert "Петров" not in report
