from __future__ import annotations

from typing import Any

from sqlalchemy import String
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator

from desktop_app.models.enums import LabelledEnum


class EnumCode(TypeDecorator[LabelledEnum]):
    """Stores a LabelledEnum as its short code in a VARCHAR.

    Plain strings rather than a database ENUM, so a new member needs no migration on PostgreSQL
    and the SQLite file stays readable in any viewer.
    """

    impl = String(32)
    cache_ok = True

    def __init__(self, enum_class: type[LabelledEnum]) -> None:
        super().__init__()
        self.enum_class = enum_class

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        if value is None:
            return None
        return self.enum_class(value).value

    def process_result_value(self, value: Any, dialect: Dialect) -> LabelledEnum | None:
        if value is None:
            return None
        return self.enum_class(value)
