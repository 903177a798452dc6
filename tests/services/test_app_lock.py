"""The password on opening: a salted scrypt hash, never the password; checked, changed, removed."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import select

from desktop_app.errors import ValidationError
from desktop_app.models import Setting
from desktop_app.models.db import Database
from desktop_app.services.app_lock import KEY, AppLockService, check_hash, hash_password


def test_hash_is_salted_and_checks() -> None:
    first, second = hash_password("секрет-2026"), hash_password("секрет-2026")
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert first["kdf"] == "scrypt" and int(first["n"]) >= 2**14  # type: ignore[call-overload]
    assert check_hash("секрет-2026", first) and not check_hash("секрет-2025", first)
    assert not check_hash("x", {"salt": "zz"})


def test_set_change_remove(empty_db: Database) -> None:
    lock = AppLockService(empty_db)
    assert not lock.settings().enabled and lock.verify("")
    with pytest.raises(ValidationError) as info:
        lock.set_password("", "123", "123")
    assert "не короче" in info.value.errors["new"]
    with pytest.raises(ValidationError) as info:
        lock.set_password("", "наставник", "наставнк")
    assert "не совпадает" in info.value.errors["repeat"]
    assert not lock.settings().enabled  # nothing saved
    lock.set_password("", "наставник", "наставник", idle_minutes=15)
    assert lock.settings().enabled and lock.settings().idle_minutes == 15
    assert lock.verify("наставник") and not lock.verify("Наставник")
    with empty_db.session() as session:
        stored = session.scalar(select(Setting.value).where(Setting.key == KEY))
    assert "наставник" not in json.dumps(stored, ensure_ascii=False)
    with pytest.raises(ValidationError):
        lock.set_password("неверный", "новый-пароль", "новый-пароль")
    lock.set_password("наставник", "новый-пароль", "новый-пароль")
    assert lock.verify("новый-пароль")
    with pytest.raises(ValidationError):
        lock.remove_password("наставник")
    lock.remove_password("новый-пароль")
    assert not lock.settings().enabled
