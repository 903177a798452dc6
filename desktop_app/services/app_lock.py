"""An optional password on opening the program, and locking after a time without use.

The password is never stored: only a salted scrypt hash (a memory-hard KDF from the standard
library, so no extra dependency), kept in the database's settings so that it travels with the
data to another computer. It keeps a colleague at a shared school computer out of the
program; it does not encrypt the file — the note and the settings page say so.
"""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass

from desktop_app.errors import ValidationError
from desktop_app.models import Setting
from desktop_app.models.db import Database

KEY = "safety.password"
# scrypt cost: about 50 ms on an old school PC, 16 MB of memory.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**14, 8, 1
MIN_LENGTH = 6


@dataclass(frozen=True)
class LockSettings:
    enabled: bool
    idle_minutes: int  # 0: never lock by itself


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def hash_password(password: str, salt: bytes | None = None) -> dict[str, object]:
    salt = salt or os.urandom(16)
    digest = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return {
        "kdf": "scrypt",
        "n": SCRYPT_N,
        "r": SCRYPT_R,
        "p": SCRYPT_P,
        "salt": salt.hex(),
        "hash": digest.hex(),
    }


def check_hash(password: str, stored: dict[str, object]) -> bool:
    try:
        salt = bytes.fromhex(str(stored["salt"]))
        expected = bytes.fromhex(str(stored["hash"]))
        digest = _derive(
            password,
            salt,
            int(stored["n"]),
            int(stored["r"]),
            int(stored["p"]),  # type: ignore[call-overload]
        )
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


class AppLockService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def _stored(self) -> dict[str, object]:
        with self.db.session() as session:
            row = session.get(Setting, KEY)
            return dict(row.value) if row is not None and isinstance(row.value, dict) else {}

    def settings(self) -> LockSettings:
        stored = self._stored()
        minutes = stored.get("idle_minutes", 0)
        return LockSettings(
            enabled=bool(stored.get("hash")),
            idle_minutes=int(minutes) if isinstance(minutes, int) else 0,
        )

    def verify(self, password: str) -> bool:
        stored = self._stored()
        return not stored.get("hash") or check_hash(password, stored)

    def set_password(
        self, current: str, new: str, repeat: str, idle_minutes: int = 10
    ) -> LockSettings:
        """Set or change the password; ``current`` is checked when one is set already."""
        errors: dict[str, str] = {}
        if self.settings().enabled and not self.verify(current):
            errors["current"] = "Текущий пароль: неверный."
        if len(new) < MIN_LENGTH:
            errors["new"] = f"Новый пароль: не короче {MIN_LENGTH} знаков."
        elif new != repeat:
            errors["repeat"] = "Повтор пароля: не совпадает с новым паролем."
        if not 0 <= idle_minutes <= 240:
            errors["idle"] = "Блокировка: от 0 (не блокировать) до 240 минут."
        if errors:
            raise ValidationError(errors)
        value = hash_password(new) | {"idle_minutes": idle_minutes}
        self._save(value)
        return self.settings()

    def set_idle_minutes(self, current: str, idle_minutes: int) -> LockSettings:
        stored = self._stored()
        if not stored.get("hash"):
            raise ValidationError({"new": "Сначала задайте пароль."})
        if not self.verify(current):
            raise ValidationError({"current": "Текущий пароль: неверный."})
        stored["idle_minutes"] = max(0, min(idle_minutes, 240))
        self._save(stored)
        return self.settings()

    def remove_password(self, current: str) -> None:
        if not self.verify(current):
            raise ValidationError({"current": "Текущий пароль: неверный."})
        self._save({})

    def _save(self, value: dict[str, object]) -> None:
        with self.db.transaction() as session:
            row = session.get(Setting, KEY)
            if row is None:
                session.add(Setting(key=KEY, value=value))
            else:
                row.value = value
