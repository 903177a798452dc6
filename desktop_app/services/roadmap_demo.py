"""The demo school's roadmaps: last school year's (nearly all done) and this year's (in
progress, two lines overdue, a seminar coming up)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from desktop_app.models import MenteeProfile, MentorProfile, Person, Roadmap, RoadmapItem
from desktop_app.models.db import Database
from desktop_app.services.deadlines import parse_deadline, school_year_of
from desktop_app.services.roadmap import RoadmapService, track

# Lines of this year's plan the demo curator has not got to (they show as «просрочено»).
LEFT_UNDONE = ("Круглый стол", "Персонифицированный учёт")


def add_demo_roadmaps(db: Database, today: dt.date) -> None:
    service = RoadmapService(db)
    year = school_year_of(today)
    last_id = service.create_from_template("school", year - 1)
    this_id = service.create_from_template("school", year)
    with db.transaction() as session:
        mentors = session.scalars(
            select(Person.id).join(MentorProfile).where(MentorProfile.active).order_by(Person.id)
        ).all()
        mentees = session.scalars(
            select(Person.id).join(MenteeProfile).where(MenteeProfile.active).order_by(Person.id)
        ).all()
        for roadmap_id, number, approved in (
            (last_id, "112", dt.date(year - 1, 8, 29)),
            (this_id, "118", dt.date(year, 8, 31)),
        ):
            roadmap = session.get(Roadmap, roadmap_id)
            assert roadmap is not None
            roadmap.approved_on = approved
            roadmap.order_number = number
            roadmap.order_date = approved
            for item in roadmap.items:
                if item.is_section:
                    continue
                last_year = roadmap_id == last_id
                _mark(item, roadmap, today, last_year)
                if item.event_kind and item.done_on:
                    item.participant_ids = list(mentors) + list(mentees)
                    item.attended_ids = [p for i, p in enumerate(item.participant_ids) if i % 5]
                    item.event_date = item.done_on
                    item.place = "МКОУ «Красновская СОШ», актовый зал"
        roadmap = session.get(Roadmap, this_id)
        assert roadmap is not None
        seminar_day = today + dt.timedelta(days=17)
        deadline = f"до {seminar_day:%d.%m.%Y}"
        section = next(i for i in roadmap.items if i.is_section and "Внедрение" in i.title)
        position = section.position + 1
        for item in roadmap.items:
            if item.position >= position:
                item.position += 1
        roadmap.items.append(
            RoadmapItem(
                position=position,
                is_section=False,
                title="Семинар «Эффективные практики наставничества: из опыта работы "
                "наставнических пар»",
                deadline_text=deadline,
                schedule=parse_deadline(deadline).to_json(),
                responsible="Лебедева О.В., куратор",
                result="Методические материалы семинара, лист регистрации участников",
                note="",
                document="",
                event_kind="семинар",
                event_date=seminar_day,
                place="МКОУ «Красновская СОШ», кабинет № 12",
                participant_ids=list(mentors) + list(mentees),
                attended_ids=[],
            )
        )


def _mark(item: RoadmapItem, roadmap: Roadmap, today: dt.date, last_year: bool) -> None:
    """Done a few days before each passed deadline, as a diligent curator would mark it."""
    tracking = track(item, roadmap.period_start, roadmap.period_end, today)
    if last_year:
        if item.title.startswith("Фестиваль"):
            item.note = "Перенесено на следующий учебный год по решению методического совета."
            return
        due = tracking.occurrences[-1].due if tracking.occurrences else roadmap.period_end
        item.done_on = min(due - dt.timedelta(days=3), today)
        return
    if item.title.startswith(LEFT_UNDONE):
        return
    passed = [o for o in tracking.occurrences if o.due < today]
    if passed:
        item.done_on = passed[-1].due - dt.timedelta(days=4)
        if "банка наставляемых" in item.title:
            item.note = "Запросы собраны анкетированием; согласия на обработку ПДн получены."
