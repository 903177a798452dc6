"""Programs and the roadmap are in the change log too: an edit there leaves a line."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.models import ChangeLogEntry
from desktop_app.models.db import Database
from desktop_app.models.program import ActivityStatus, ProgramActivity
from desktop_app.models.roadmap import RoadmapItem


def _entries(db: Database, entity: str) -> list[ChangeLogEntry]:
    with db.session() as s:
        return list(s.scalars(select(ChangeLogEntry).where(ChangeLogEntry.entity == entity)))


def test_activity_marked_done_is_logged(demo_db: Database) -> None:
    before = len(_entries(demo_db, "programme"))
    with demo_db.transaction() as s:
        activity = s.scalars(select(ProgramActivity)).first()
        assert activity is not None, "the demo school has programs"
        activity.status = ActivityStatus.DONE
        activity.done_on = dt.date(2026, 11, 20)
    after = _entries(demo_db, "programme")
    assert len(after) == before + 1
    fields = {c["field"]: c["new"] for c in after[-1].changes}
    assert fields["Мероприятие плана: выполнено"] == "20.11.2026", fields


def test_roadmap_item_edit_is_logged(demo_db: Database) -> None:
    before = len(_entries(demo_db, "roadmap"))
    with demo_db.transaction() as s:
        item = s.scalars(select(RoadmapItem).where(RoadmapItem.is_section.is_(False))).first()
        assert item is not None, "the demo school has a roadmap"
        item.note = "перенесено по просьбе методобъединения"
    assert len(_entries(demo_db, "roadmap")) == before + 1
