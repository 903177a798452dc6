"""Writing output files safely and naming them so that a recipient understands them.

Every document is written to a temporary name in the target folder and renamed over the
target in one step (``os.replace``): a crash, a full disk or a file held open in Word never
leaves a half-written document under the real name.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import os
import re
import tempfile
from collections.abc import Callable
from pathlib import Path

from desktop_app.errors import AppError


class OutputError(AppError):
    """The document cannot be written where asked; ``path`` is the file or folder."""

    def __init__(self, message: str, path: Path) -> None:
        super().__init__(message)
        self.path = path


class OutputLocked(OutputError):
    """The target file is open in another program (Word, Excel) and cannot be replaced."""


class OutputNotWritable(OutputError):
    """The folder does not allow writing (read-only, no permission, missing drive)."""


def ensure_writable_dir(folder: Path) -> None:
    if folder.exists() and not folder.is_dir():
        raise OutputNotWritable(f"«{folder}» — это файл, а не папка. Выберите папку.", folder)
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputNotWritable(
            f"Не удалось создать папку «{folder}» ({exc.strerror}). Выберите другую папку.",
            folder,
        ) from exc
    if not folder.is_dir():
        raise OutputNotWritable(f"«{folder}» — это файл, а не папка. Выберите папку.", folder)


def write_atomic(target: Path, write: Callable[[Path], None]) -> Path:
    """Call ``write(temp_path)`` and move the result over ``target`` in one step.

    The temporary file sits in the target folder (a rename across drives is not atomic) and
    keeps the real extension, because python-docx and openpyxl look at it.
    """
    target = Path(target)
    ensure_writable_dir(target.parent)
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=".~tmp-", suffix=target.suffix, dir=target.parent
        )
    except OSError as exc:
        raise OutputNotWritable(
            f"В папку «{target.parent}» нельзя записывать ({exc.strerror}). "
            "Выберите другую папку, например «Документы».",
            target.parent,
        ) from exc
    os.close(handle)
    temp = Path(temp_name)
    try:
        write(temp)
        # mkstemp makes the file private (0600); a document is an ordinary file.
        with contextlib.suppress(OSError):
            os.chmod(temp, 0o644)
        _replace(temp, target)
    except OSError as exc:
        # A full disk or a pulled USB stick while writing: no half file, a clear message.
        with contextlib.suppress(OSError):
            temp.unlink()
        reason = "на диске не хватает места" if exc.errno == errno.ENOSPC else exc.strerror
        raise OutputNotWritable(
            f"Не удалось сохранить «{target.name}» в «{target.parent}»: {reason}. "
            "Освободите место или выберите другую папку.",
            target,
        ) from exc
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise
    return target


def _replace(temp: Path, target: Path) -> None:
    try:
        os.replace(temp, target)
    except PermissionError as exc:
        # Windows refuses to replace a file that Word or Excel holds open; on other systems
        # a read-only target or folder gives the same error.
        if target.exists() and not os.access(target, os.W_OK):
            message = (
                f"Файл «{target.name}» защищён от записи. Снимите атрибут «Только чтение» "
                "или сохраните документ под другим именем."
            )
        else:
            message = (
                f"Файл «{target.name}» открыт в другой программе (Word, Excel) и не может "
                "быть заменён. Закройте его и повторите или сохраните под другим именем."
            )
        raise OutputLocked(message, target) from exc
    except OSError as exc:
        raise OutputNotWritable(
            f"Не удалось сохранить «{target}» ({exc.strerror}). Выберите другую папку.",
            target,
        ) from exc


def make_staging_dir(out_dir: Path) -> Path:
    """A hidden folder inside ``out_dir`` where documents are made before they are moved into
    place: a cancelled or failed export leaves nothing half-made under a real name, and a
    rename within one folder is atomic."""
    ensure_writable_dir(out_dir)
    try:
        return Path(tempfile.mkdtemp(prefix=".~tmp-export-", dir=out_dir))
    except OSError as exc:
        raise OutputNotWritable(
            f"В папку «{out_dir}» нельзя записывать ({exc.strerror}). Выберите другую папку.",
            out_dir,
        ) from exc


def place_file(staged: Path, target: Path) -> Path:
    """Move a finished document over ``target``; ``OutputLocked`` if the file is held open."""
    _replace(Path(staged), Path(target))
    return Path(target)


def free_name(target: Path) -> Path:
    """«Файл (2).docx», «Файл (3).docx»… — the name to offer when the file is locked."""
    for number in range(2, 1000):
        candidate = target.with_name(f"{target.stem} ({number}){target.suffix}")
        if not candidate.exists():
            return candidate
    raise OutputError(f"Слишком много копий «{target.name}» в папке.", target)


_BAD_CHARS = re.compile(r'[<>:"/\\|?*\x00-\x1f«»“”„]')


def safe_file_part(text: str, limit: int = 60) -> str:
    """Text usable in a Windows file name: no forbidden characters, no trailing dot."""
    cleaned = " ".join(_BAD_CHARS.sub("", text).split())
    return cleaned[:limit].rstrip(" .") or "документ"


def document_file_name(organisation: str, title: str, day: dt.date, ext: str) -> str:
    """«МКОУ Красновская СОШ — Приказ о назначении куратора — 23.11.2026.docx».

    The school comes first so that a methodist who receives files from twenty schools sees
    whose file it is; the date is the document's.
    """
    parts = [safe_file_part(organisation, 40), safe_file_part(title, 80), day.strftime("%d.%m.%Y")]
    return " — ".join(p for p in parts if p) + f".{ext}"
