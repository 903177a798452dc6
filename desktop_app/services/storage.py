"""Where a database file lives: a local disk, a network share or a removable disk.

SQLite's WAL mode needs shared memory that network file systems do not provide reliably, and a
USB stick pulled out mid-write loses the last transactions: the window warns about both and
offers to move the database to this computer.
"""

from __future__ import annotations

import sys
from pathlib import Path

NETWORK_FS = {
    "nfs",
    "nfs4",
    "cifs",
    "smb3",
    "smbfs",
    "fuse.sshfs",
    "sshfs",
    "9p",
    "davfs",
    "fuse.davfs2",
    "afs",
    "ncpfs",
    "fuse.gvfsd-fuse",
}
REMOVABLE_FS = {"vfat", "exfat", "msdos", "fuseblk"}
REMOVABLE_ROOTS = ("/media/", "/run/media/", "/mnt/usb", "/Volumes/")


def storage_kind(path: Path) -> str:
    """``"network"``, ``"removable"`` or ``"local"`` for the disk holding ``path``."""
    path = Path(path).expanduser().resolve()
    if sys.platform == "win32":
        return _windows_kind(path)
    return _posix_kind(path)


def _windows_kind(path: Path) -> str:
    text = str(path)
    if text.startswith("\\\\"):
        return "network"  # \\server\share
    try:
        import ctypes

        kind = ctypes.windll.kernel32.GetDriveTypeW(path.anchor)  # type: ignore[attr-defined]
    except (AttributeError, OSError):
        return "local"
    return {2: "removable", 4: "network"}.get(kind, "local")


def _posix_kind(path: Path, mounts_file: str = "/proc/mounts") -> str:
    best, fstype = "", ""
    try:
        with open(mounts_file, encoding="utf-8", errors="replace") as handle:
            for line in handle:
                parts = line.split()
                if len(parts) < 3:
                    continue
                mount = parts[1].replace("\\040", " ")
                inside = str(path) == mount or str(path).startswith(mount.rstrip("/") + "/")
                if inside and len(mount) > len(best):
                    best, fstype = mount, parts[2]
    except OSError:
        pass
    if fstype in NETWORK_FS:
        return "network"
    if fstype in REMOVABLE_FS or str(path).startswith(REMOVABLE_ROOTS):
        return "removable"
    return "local"


def storage_warning(path: Path) -> str | None:
    """The warning to show for a database at ``path``, or ``None`` on a local disk."""
    kind = storage_kind(path)
    if kind == "network":
        return (
            f"База «{path}» лежит на сетевом диске. Программа рассчитана на работу с базой на "
            "этом компьютере: по сети при обрыве связи последние изменения могут пропасть, а "
            "файл — повредиться. Перенесите базу на этот компьютер (копии можно сохранять на "
            "сетевой диск в разделе «Резервные копии»)."
        )
    if kind == "removable":
        return (
            f"База «{path}» лежит на съёмном диске (флешке). Если вынуть флешку, пока программа "
            "открыта, последние изменения пропадут, а файл может повредиться. Перенесите базу "
            "на этот компьютер, а на флешку сохраняйте копии."
        )
    return None
