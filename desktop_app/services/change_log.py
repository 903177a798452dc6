"""Reading the change log: the curator's «who changed what and when», filtered and exported.

Writing is in ``models/change_log.py`` (automatic for tracked models, ``record_change`` by hand).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from desktop_app.models.change_log import ACTION_LABELS, ChangeLogEntry
from desktop_app.models.db import Database

ENTITY_LABELS = {
    "person": "Педагог",
    "pair": "Пара/группа",
    "programme": "Программа",
    "route": "Маршрут (ИОМ)",
    "roadmap": "Дорожная карта",
    "document": "Документ",
    "database": "База данных",
}


@dataclass(frozen=True)
class ChangeRow:
    id: int
    at: dt.datetime
    user: str
    entity: str
    entity_id: int | None
    action: str
    title: str
    summary: str
    details: str

    @property
    def entity_label(self) -> str:
        return ENTITY_LABELS.get(self.entity, self.entity)

    @property
    def action_label(self) -> str:
        return ACTION_LABELS.get(self.action, self.action)


@dataclass
class ChangeFilter:
    text: str = ""
    entity: str | None = None
    entity_id: int | None = None
    since: dt.date | None = None
    until: dt.date | None = None


def _details(changes: list[dict[str, str]] | None) -> str:
    parts = []
    for change in changes or []:
        old, new = change.get("old", ""), change.get("new", "")
        if old and new:
            parts.append(f"{change.get('field', '')}: «{old}» → «{new}»")
        elif new:
            parts.append(f"{change.get('field', '')}: «{new}»")
        else:
            parts.append(f"{change.get('field', '')}: удалено «{old}»")
    return "; ".join(parts)


class ChangeLogService:
    def __init__(self, db: Database) -> None:
        self.db = db

    def entries(self, flt: ChangeFilter | None = None, limit: int = 5000) -> list[ChangeRow]:
        flt = flt or ChangeFilter()
        stmt = select(ChangeLogEntry).order_by(ChangeLogEntry.id.desc()).limit(limit)
        if flt.entity:
            stmt = stmt.where(ChangeLogEntry.entity == flt.entity)
        if flt.entity_id is not None:
            stmt = stmt.where(ChangeLogEntry.entity_id == flt.entity_id)
        if flt.since:
            stmt = stmt.where(ChangeLogEntry.at >= dt.datetime.combine(flt.since, dt.time()))
        if flt.until:
            end = dt.datetime.combine(flt.until + dt.timedelta(days=1), dt.time())
            stmt = stmt.where(ChangeLogEntry.at < end)
        with self.db.session() as session:
            rows = [
                ChangeRow(
                    e.id,
                    e.at,
                    e.user,
                    e.entity,
                    e.entity_id,
                    e.action,
                    e.title,
                    e.summary,
                    _details(e.changes),
                )
                for e in session.scalars(stmt)
            ]
        words = flt.text.casefold().replace("ё", "е").split()
        if words:
            # SQLite's lower() knows only ASCII: the Cyrillic filter runs here, over few rows.
            def haystack(r: ChangeRow) -> str:
                text = f"{r.title} {r.summary} {r.details} {r.user} {r.entity_label}"
                return text.casefold().replace("ё", "е")

            rows = [r for r in rows if all(w in haystack(r) for w in words)]
        return rows

    def export_xlsx(
        self, target: Path, rows: list[ChangeRow], today: dt.date | None = None
    ) -> Path:
        from desktop_app.export.xlsx_engine import XColumn, XSheet, write_workbook
        from desktop_app.services.organisation import OrganisationService

        organisation = OrganisationService(self.db).own()
        name = (organisation.short_name or organisation.full_name) if organisation else ""
        sheet = XSheet(
            name="Журнал изменений",
            title="Журнал изменений",
            columns=[
                XColumn("Когда"),
                XColumn("Кто"),
                XColumn("Запись"),
                XColumn("Что"),
                XColumn("Действие"),
                XColumn("Изменения", "wrap", 80),
            ],
            rows=[
                [
                    r.at.strftime("%d.%m.%Y %H:%M:%S"),
                    r.user,
                    r.entity_label,
                    r.title,
                    r.summary,
                    r.details,
                ]
                for r in rows
            ],
        )
        return write_workbook(target, name, today or dt.date.today(), [sheet])
