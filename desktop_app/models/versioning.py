"""The version counter of records that several people may edit at once (a shared server).

A model declares ``version: Mapped[int] = version_column()`` and
``__mapper_args__ = {"version_id_col": version}``: SQLAlchemy then adds ``version = N+1`` to
every UPDATE and ``WHERE version = N`` with the value it loaded, so a write over a row someone
else changed in between fails (StaleDataError) instead of overwriting it. The forms keep the
version they showed; ``services/concurrency.py`` compares and explains in Russian.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Integer
from sqlalchemy.orm import mapped_column


def version_column() -> Any:
    return mapped_column(Integer, nullable=False, server_default="1")
