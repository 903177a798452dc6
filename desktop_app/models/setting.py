from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, String
from sqlalchemy.orm import Mapped, mapped_column

from desktop_app.models.base import Base


class Setting(Base):
    """Settings that belong to the data (matching weights, thresholds), not to one computer.

    Window geometry and last folders live in QSettings instead: they belong to the computer.
    """

    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[Any] = mapped_column(JSON)
