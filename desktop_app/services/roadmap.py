"""The roadmap (дорожная карта, план мероприятий): plan, templates, tracking against deadlines.

The curator types deadlines as the seeds word them; each item keeps that text and the schedule
read from it (``deadlines.py``). Status is derived, never typed: выполнено when the item was
done within its current occurrence, просрочено when an occurrence's deadline passed without it,
в работе while its window is open, не начато before.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError, NotFound, ValidationError
from desktop_app.models import Organisation, Person, Roadmap, RoadmapItem
from desktop_app.models.db import Database
from desktop_app.models.enums import LabelledEnum
from desktop_app.services.concurrency import Stamp, check_stamp
from desktop_app.services.deadlines import (
    Kind,
    Occurrence,
    Schedule,
    describe,
    occurrences,
    open_from,
    parse_deadline,
    shift_years,
)
from desktop_app.services.overview import SOON_DAYS, OverviewItem, Severity
from desktop_app.services.validation import FieldError, format_date, parse_date

TEMPLATES_DIR = Path(__file__).resolve().parent.parent.parent / "resources" / "roadmaps"
EVENT_KINDS = (
    "семинар",
    "круглый стол",
    "заседание ШМО",
    "заседание Школы молодого учителя",
    "мастер-класс",
    "педагогический совет",
    "фестиваль",
)


class ItemStatus(LabelledEnum):
    NOT_STARTED = ("not_started", "не начато")
    IN_PROGRESS = ("in_progress", "в работе")
    DONE = ("done", "выполнено")
    OVERDUE = ("overdue", "просрочено")


ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


# --- drafts and validation ----------------------------------------------------------------


@dataclass
class RoadmapDraft:
    title: str = ""
    period_start: str = ""
    period_end: str = ""
    approved_on: str = ""
    order_number: str = ""
    order_date: str = ""
    notes: str = ""


@dataclass
class ItemDraft:
    """What the item form holds: typed-in text, not yet checked."""

    title: str = ""
    is_section: bool = False
    deadline_text: str = ""
    responsible: str = ""
    result: str = ""
    done_on: str = ""
    note: str = ""
    document: str = ""
    event_kind: str = ""
    event_date: str = ""
    place: str = ""
    participant_ids: list[int] = field(default_factory=list)
    attended_ids: list[int] = field(default_factory=list)


def _check(errors: dict[str, str], name: str, fn, *args, **kwargs):  # type: ignore[no-untyped-def]
    try:
        return fn(*args, **kwargs)
    except FieldError as exc:
        errors[name] = exc.message
        return None


def validate_roadmap(draft: RoadmapDraft, today: dt.date | None = None) -> dict[str, object]:
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    title = " ".join(draft.title.split())
    if not title:
        errors["title"] = "Наименование: укажите, например «План мероприятий «Дорожная карта»…»."
    start = _check(
        errors,
        "period_start",
        parse_date,
        draft.period_start,
        "Начало периода",
        allow_future=True,
        today=today,
    )
    end = _check(
        errors,
        "period_end",
        parse_date,
        draft.period_end,
        "Конец периода",
        allow_future=True,
        today=today,
    )
    if start is None and "period_start" not in errors:
        errors["period_start"] = "Начало периода: укажите дату, например 01.09.2025."
    if end is None and "period_end" not in errors:
        errors["period_end"] = "Конец периода: укажите дату, например 31.08.2026."
    if start and end:
        if end <= start:
            errors["period_end"] = "Конец периода: раньше начала — проверьте даты."
        elif (end - start).days > 6 * 366:
            errors["period_end"] = "Конец периода: дорожная карта больше чем на 6 лет."
    approved = _check(
        errors, "approved_on", parse_date, draft.approved_on, "Дата утверждения", today=today
    )
    order_date = _check(
        errors, "order_date", parse_date, draft.order_date, "Дата приказа", today=today
    )
    number = draft.order_number.strip()
    if len(number) > 50:
        errors["order_number"] = "Номер приказа: не длиннее 50 знаков."
    if errors:
        raise ValidationError(errors)
    return {
        "title": title,
        "period_start": start,
        "period_end": end,
        "approved_on": approved,
        "order_number": number,
        "order_date": order_date,
        "notes": draft.notes.strip(),
    }


def validate_item(draft: ItemDraft, today: dt.date | None = None) -> dict[str, object]:
    today = today or dt.date.today()
    errors: dict[str, str] = {}
    title = draft.title.strip()
    if not title:
        errors["title"] = (
            "Наименование раздела: укажите, например «Мониторинг и оценка результатов»."
            if draft.is_section
            else "Наименование мероприятия: укажите, что нужно сделать."
        )
    elif len(title) > 2000:
        errors["title"] = "Наименование: не длиннее 2000 знаков."
    deadline = " ".join(draft.deadline_text.split())
    if len(deadline) > 300:
        errors["deadline_text"] = "Срок: не длиннее 300 знаков."
    done = _check(errors, "done_on", parse_date, draft.done_on, "Дата выполнения", today=today)
    event_date = _check(
        errors,
        "event_date",
        parse_date,
        draft.event_date,
        "Дата проведения",
        allow_future=True,
        today=today,
    )
    attended = [pid for pid in draft.attended_ids if pid in set(draft.participant_ids)]
    if len(attended) != len(set(draft.attended_ids)):
        errors["attended"] = "Присутствовали: отметьте только тех, кто в списке участников."
    if event_date and done and done < event_date:
        errors["done_on"] = "Дата выполнения: раньше даты проведения мероприятия."
    if errors:
        raise ValidationError(errors)
    if draft.is_section:
        return {"title": title, "is_section": True}
    return {
        "title": title,
        "is_section": False,
        "deadline_text": deadline,
        "schedule": parse_deadline(deadline).to_json(),
        "responsible": " ".join(draft.responsible.split()),
        "result": draft.result.strip(),
        "done_on": done,
        "note": draft.note.strip(),
        "document": draft.document.strip(),
        "event_kind": " ".join(draft.event_kind.split()),
        "event_date": event_date,
        "place": " ".join(draft.place.split()),
        "participant_ids": list(dict.fromkeys(draft.participant_ids)),
        "attended_ids": attended,
    }


# --- tracking ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Tracking:
    status: ItemStatus
    due: dt.date | None  # the deadline that matters now: the missed one, or the next one
    occurrences: tuple[Occurrence, ...] = ()


def track(item: RoadmapItem, start: dt.date, end: dt.date, today: dt.date) -> Tracking:
    """Where an item stands today within its roadmap's period ``start``–``end``."""
    schedule = Schedule.from_json(item.schedule)
    occs = occurrences(schedule, start, end)
    done = item.done_on
    if not occs:
        if done is not None:
            return Tracking(ItemStatus.DONE, None)
        begins = open_from(schedule, start) or start
        status = ItemStatus.NOT_STARTED if today < begins else ItemStatus.IN_PROGRESS
        return Tracking(status, None)

    def opens(index: int) -> dt.date:
        # A later occurrence is done only by work after the previous deadline (quarterly
        # reports): the first one by anything done before its deadline.
        return occs[index - 1].due + dt.timedelta(days=1) if index else dt.date.min

    def satisfied(index: int) -> bool:
        return done is not None and done >= opens(index)

    past = [i for i, o in enumerate(occs) if o.due < today]
    if past and not satisfied(past[-1]):
        return Tracking(ItemStatus.OVERDUE, occs[past[-1]].due, tuple(occs))
    upcoming = [i for i, o in enumerate(occs) if o.due >= today]
    if not upcoming:
        return Tracking(ItemStatus.DONE, occs[-1].due, tuple(occs))
    current = upcoming[0]
    if satisfied(current):
        following = occs[current + 1].due if current + 1 < len(occs) else occs[current].due
        return Tracking(ItemStatus.DONE, following, tuple(occs))
    window_start = occs[current].start or (occs[current - 1].due if current else start)
    status = ItemStatus.IN_PROGRESS if today >= window_start else ItemStatus.NOT_STARTED
    return Tracking(status, occs[current].due, tuple(occs))


def deadline_label(item: RoadmapItem) -> str:
    """What the «Срок» column shows: the curator's text, or «без срока» when it is unreadable."""
    text = item.deadline_text.strip()
    if not text:
        return "без срока"
    if Schedule.from_json(item.schedule).kind is Kind.UNKNOWN:
        return f"{text} (без срока)"
    return text


@dataclass
class ItemRow:
    """One line of the roadmap table, ready to show or export."""

    id: int
    number: str
    is_section: bool
    title: str
    deadline_text: str
    deadline_label: str
    schedule_text: str
    responsible: str
    result: str
    status: ItemStatus | None
    due: dt.date | None
    done_on: dt.date | None
    note: str
    document: str
    event_kind: str
    event_date: dt.date | None
    place: str
    participants: int
    attended: int

    @property
    def status_label(self) -> str:
        return self.status.label if self.status else ""

    def is_soon(self, today: dt.date) -> bool:
        return (
            self.status in (ItemStatus.NOT_STARTED, ItemStatus.IN_PROGRESS)
            and self.due is not None
            and today <= self.due <= today + dt.timedelta(days=SOON_DAYS)
        )


def numbering(items: list[RoadmapItem]) -> list[str]:
    """I, 1.1, 1.2, II, 2.1… (items before any section: 1, 2…), as the seeds number."""
    numbers: list[str] = []
    section = 0
    inner = 0
    for item in items:
        if item.is_section:
            section += 1
            inner = 0
            numbers.append(ROMAN[section - 1] if section <= len(ROMAN) else str(section))
        else:
            inner += 1
            numbers.append(f"{section}.{inner}" if section else str(inner))
    return numbers


@dataclass
class RoadmapSummary:
    id: int
    title: str
    period_start: dt.date
    period_end: dt.date
    approved_on: dt.date | None
    order_number: str
    order_date: dt.date | None
    counts: dict[ItemStatus, int]

    @property
    def period_label(self) -> str:
        return period_label(self.period_start, self.period_end)


def period_label(start: dt.date, end: dt.date) -> str:
    """«2025/2026 учебный год», «2022–2024 годы», or the dates."""
    if start.month == 9 and start.day == 1 and end.month == 8 and end.day == 31:
        if end.year == start.year + 1:
            return f"{start.year}/{end.year} учебный год"
        return f"{start.year}–{end.year} годы"
    return f"{format_date(start)} – {format_date(end)}"


# --- templates -----------------------------------------------------------------------------


@dataclass
class RoadmapTemplate:
    key: str
    name: str
    title: str
    items: list[dict[str, str]]
    path: Path
    user: bool = False


def user_templates_dir() -> Path:
    from desktop_app.paths import data_dir

    path = data_dir() / "roadmap_templates"
    path.mkdir(parents=True, exist_ok=True)
    return path


def list_templates() -> list[RoadmapTemplate]:
    """The shipped templates (seeds 001/002 and 000/004), then the curator's own."""
    found: list[RoadmapTemplate] = []
    for folder, user in ((TEMPLATES_DIR, False), (user_templates_dir(), True)):
        # The school's own plan first: it is what a curator starts from.
        for path in sorted(folder.glob("*.json"), key=lambda p: (p.stem != "school", p.name)):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
                found.append(
                    RoadmapTemplate(
                        key=data.get("key") or path.stem,
                        name=data["name"],
                        title=data.get("title", data["name"]),
                        items=list(data["items"]),
                        path=path,
                        user=user,
                    )
                )
            except (OSError, ValueError, KeyError, TypeError):
                continue  # a broken user file is skipped, the others stay usable
    return found


def get_template(key: str) -> RoadmapTemplate:
    for template in list_templates():
        if template.key == key:
            return template
    known = ", ".join(t.key for t in list_templates())
    raise AppError(f"Шаблон дорожной карты «{key}» не найден. Есть: {known}.")


def school_year_period(first_year: int) -> tuple[dt.date, dt.date]:
    return dt.date(first_year, 9, 1), dt.date(first_year + 1, 8, 31)


# --- the service ---------------------------------------------------------------------------


class RoadmapService:
    def __init__(self, db: Database) -> None:
        self.db = db

    # queries

    def list(self, today: dt.date | None = None) -> list[RoadmapSummary]:
        today = today or dt.date.today()
        result: list[RoadmapSummary] = []
        with self.db.session() as session:
            roadmaps = session.scalars(
                select(Roadmap)
                .where(Roadmap.archived_on.is_(None))
                .options(selectinload(Roadmap.items))
                .order_by(Roadmap.period_start.desc(), Roadmap.id.desc())
            ).all()
            for r in roadmaps:
                counts = dict.fromkeys(ItemStatus, 0)
                for item in r.items:
                    if not item.is_section:
                        counts[track(item, r.period_start, r.period_end, today).status] += 1
                result.append(
                    RoadmapSummary(
                        r.id,
                        r.title,
                        r.period_start,
                        r.period_end,
                        r.approved_on,
                        r.order_number,
                        r.order_date,
                        counts,
                    )
                )
        return result

    def get(self, roadmap_id: int) -> Roadmap:
        with self.db.session() as session:
            roadmap = session.scalars(
                select(Roadmap)
                .where(Roadmap.id == roadmap_id)
                .options(selectinload(Roadmap.items), selectinload(Roadmap.organisation))
            ).first()
            if roadmap is None:
                raise NotFound("Дорожная карта не найдена — возможно, её удалили.")
            return roadmap

    def current_id(self, today: dt.date | None = None) -> int | None:
        """The roadmap whose period holds today, else the latest one."""
        today = today or dt.date.today()
        summaries = self.list(today)
        for s in summaries:
            if s.period_start <= today <= s.period_end:
                return s.id
        return summaries[0].id if summaries else None

    def rows(self, roadmap_id: int, today: dt.date | None = None) -> list[ItemRow]:
        today = today or dt.date.today()
        roadmap = self.get(roadmap_id)
        numbers = numbering(roadmap.items)
        rows: list[ItemRow] = []
        for item, number in zip(roadmap.items, numbers, strict=True):
            tracking = (
                None
                if item.is_section
                else track(item, roadmap.period_start, roadmap.period_end, today)
            )
            rows.append(
                ItemRow(
                    id=item.id,
                    number=number,
                    is_section=item.is_section,
                    title=item.title,
                    deadline_text=item.deadline_text,
                    deadline_label="" if item.is_section else deadline_label(item),
                    schedule_text="" if item.is_section else _schedule_text(item, roadmap),
                    responsible=item.responsible,
                    result=item.result,
                    status=tracking.status if tracking else None,
                    due=tracking.due if tracking else None,
                    done_on=item.done_on,
                    note=item.note,
                    document=item.document,
                    event_kind=item.event_kind,
                    event_date=item.event_date,
                    place=item.place,
                    participants=len(item.participant_ids or []),
                    attended=len(item.attended_ids or []),
                )
            )
        return rows

    def roadmap_draft(self, roadmap_id: int) -> RoadmapDraft:
        r = self.get(roadmap_id)
        return RoadmapDraft(
            title=r.title,
            period_start=format_date(r.period_start),
            period_end=format_date(r.period_end),
            approved_on=format_date(r.approved_on),
            order_number=r.order_number,
            order_date=format_date(r.order_date),
            notes=r.notes,
        )

    def item_draft(self, item_id: int) -> ItemDraft:
        with self.db.session() as session:
            item = session.get(RoadmapItem, item_id)
            if item is None:
                raise NotFound("Мероприятие не найдено — возможно, его удалили.")
            return ItemDraft(
                title=item.title,
                is_section=item.is_section,
                deadline_text=item.deadline_text,
                responsible=item.responsible,
                result=item.result,
                done_on=format_date(item.done_on),
                note=item.note,
                document=item.document,
                event_kind=item.event_kind,
                event_date=format_date(item.event_date),
                place=item.place,
                participant_ids=list(item.participant_ids or []),
                attended_ids=list(item.attended_ids or []),
            )

    # changes: roadmaps

    def create(self, draft: RoadmapDraft, template_key: str = "") -> int:
        values = validate_roadmap(draft)
        with self.db.transaction() as session:
            roadmap = Roadmap(organisation_id=_own_organisation_id(session), **values)
            roadmap.template_key = template_key
            session.add(roadmap)
            session.flush()
            return roadmap.id

    def update(self, roadmap_id: int, draft: RoadmapDraft) -> None:
        values = validate_roadmap(draft)
        with self.db.transaction() as session:
            roadmap = _roadmap(session, roadmap_id)
            for key, value in values.items():
                setattr(roadmap, key, value)

    def archive(self, roadmap_id: int, day: dt.date | None = None) -> None:
        with self.db.transaction() as session:
            _roadmap(session, roadmap_id).archived_on = day or dt.date.today()

    def restore(self, roadmap_id: int) -> None:
        with self.db.transaction() as session:
            _roadmap(session, roadmap_id).archived_on = None

    def create_from_template(
        self, template_key: str, first_year: int, title: str = "", years: int = 1
    ) -> int:
        """A filled plan for the school year(s) starting in September ``first_year``."""
        if not 2000 <= first_year <= 2100:
            raise ValidationError({"first_year": "Учебный год: укажите год от 2000 до 2100."})
        if not 1 <= years <= 6:
            raise ValidationError({"years": "Период: от 1 до 6 учебных лет."})
        template = get_template(template_key)
        start, _ = school_year_period(first_year)
        end = dt.date(first_year + years, 8, 31)
        with self.db.transaction() as session:
            roadmap = Roadmap(
                organisation_id=_own_organisation_id(session),
                title=title.strip() or f"{template.title} на {period_label(start, end)}",
                period_start=start,
                period_end=end,
                template_key=template.key,
                notes="",
            )
            session.add(roadmap)
            for position, entry in enumerate(template.items):
                roadmap.items.append(_item_from_template(entry, position))
            session.flush()
            return roadmap.id

    def copy_to_next_year(self, roadmap_id: int, years: int = 1) -> int:
        """Next year's roadmap: the same items, every written year and date moved on, the
        marks of completion cleared."""
        with self.db.transaction() as session:
            old = _roadmap(session, roadmap_id)
            new = Roadmap(
                organisation_id=old.organisation_id,
                title=shift_years(old.title, years),
                period_start=_add_years(old.period_start, years),
                period_end=_add_years(old.period_end, years),
                template_key=old.template_key,
                notes="",
            )
            session.add(new)
            for position, item in enumerate(old.items):
                text = shift_years(item.deadline_text, years)
                new.items.append(
                    RoadmapItem(
                        position=position,
                        is_section=item.is_section,
                        title=item.title,
                        deadline_text=text,
                        schedule=parse_deadline(text).to_json(),
                        responsible=item.responsible,
                        result=item.result,
                        note="",
                        document="",
                        event_kind=item.event_kind,
                        event_date=None,
                        place=item.place,
                        participant_ids=[],
                        attended_ids=[],
                    )
                )
            session.flush()
            return new.id

    def save_as_template(self, roadmap_id: int, name: str) -> Path:
        name = " ".join(name.split())
        if not name:
            raise ValidationError({"name": "Название шаблона: укажите, например «Наш план»."})
        roadmap = self.get(roadmap_id)
        # Years go out of the template: «сентябрь 2025» becomes «сентябрь», so that the
        # template lands in any school year.
        items: list[dict[str, str]] = []
        for item in roadmap.items:
            if item.is_section:
                items.append({"section": item.title})
                continue
            entry = {
                "title": item.title,
                "deadline": _without_years(item.deadline_text),
                "responsible": item.responsible,
                "result": item.result,
            }
            if item.event_kind:
                entry["event_kind"] = item.event_kind
            items.append(entry)
        slug = re.sub(r"[^\w]+", "-", name.casefold()).strip("-")[:60] or "template"
        key = f"user-{slug}"
        data = {"key": key, "name": name, "title": _without_years(roadmap.title), "items": items}
        path = user_templates_dir() / f"{slug}.json"
        from desktop_app.export.files import write_atomic

        text = json.dumps(data, ensure_ascii=False, indent=1)
        write_atomic(path, lambda temp: temp.write_text(text, encoding="utf-8"))
        return path

    # changes: items

    def add_item(self, roadmap_id: int, draft: ItemDraft, after_id: int | None = None) -> int:
        values = validate_item(draft)
        with self.db.transaction() as session:
            roadmap = _roadmap(session, roadmap_id)
            items = list(roadmap.items)
            index = len(items)
            if after_id is not None:
                ids = [i.id for i in items]
                if after_id in ids:
                    index = ids.index(after_id) + 1
            item = RoadmapItem(position=0, **values)
            items.insert(index, item)
            roadmap.items.append(item)
            _renumber(items)
            session.flush()
            return item.id

    def item_roadmap(self, item_id: int) -> int | None:
        with self.db.session() as session:
            return session.scalar(select(RoadmapItem.roadmap_id).where(RoadmapItem.id == item_id))

    def update_item(self, item_id: int, draft: ItemDraft, expected: Stamp | None = None) -> None:
        """``expected``: the stamp the form loaded; a save over a newer change is refused."""
        values = validate_item(draft)
        with self.db.transaction() as session:
            found = session.get(RoadmapItem, item_id)
            title = " ".join((found.title if found else "").split())
            check_stamp(
                session,
                found,
                expected,
                entity="roadmap",
                entity_id=found.roadmap_id if found is not None else 0,
                what=f"Мероприятие «{title[:60]}»" if title else "Мероприятие",
            )
            item = _item(session, item_id)
            if item.is_section != draft.is_section:
                raise ValidationError({"title": "Раздел нельзя превратить в мероприятие."})
            for key, value in values.items():
                setattr(item, key, value)

    def mark_done(self, item_id: int, day: dt.date | None, note: str | None = None) -> None:
        """Отметка о выполнении (``day`` None clears it)."""
        if day is not None and day > dt.date.today():
            raise ValidationError(
                {"done_on": f"Дата выполнения: {format_date(day)} ещё не наступила."}
            )
        with self.db.transaction() as session:
            item = _item(session, item_id)
            if item.is_section:
                raise ValidationError({"done_on": "Раздел не выполняется — отметьте мероприятие."})
            item.done_on = day
            if note is not None:
                item.note = note.strip()

    def delete_item(self, item_id: int) -> dict[str, object]:
        """Remove a line; returns what ``restore_item`` needs to put it back (Ctrl+Z)."""
        with self.db.transaction() as session:
            item = _item(session, item_id)
            roadmap = item.roadmap
            items = list(roadmap.items)
            snapshot = {
                "roadmap_id": roadmap.id,
                "index": items.index(item),
                "values": {
                    c.key: getattr(item, c.key)
                    for c in RoadmapItem.__table__.columns
                    if c.key not in ("id", "roadmap_id", "position")
                },
            }
            roadmap.items.remove(item)
            items.remove(item)
            _renumber(items)
            return snapshot

    def restore_item(self, snapshot: dict[str, object]) -> int:
        with self.db.transaction() as session:
            roadmap = _roadmap(session, int(snapshot["roadmap_id"]))  # type: ignore[call-overload]
            items = list(roadmap.items)
            item = RoadmapItem(position=0, **snapshot["values"])  # type: ignore[arg-type]
            items.insert(min(int(snapshot["index"]), len(items)), item)  # type: ignore[call-overload]
            roadmap.items.append(item)
            _renumber(items)
            session.flush()
            return item.id

    def move_item(self, item_id: int, delta: int) -> None:
        with self.db.transaction() as session:
            item = _item(session, item_id)
            items = list(item.roadmap.items)
            index = items.index(item)
            target = max(0, min(len(items) - 1, index + delta))
            items.insert(target, items.pop(index))
            _renumber(items)

    def attach_document(self, item_id: int, source: Path) -> str:
        """Keep a copy of the produced document beside the database; the item points at it."""
        if self.db.path is None:
            raise AppError("Документы хранятся рядом с файлом базы; у серверной базы его нет.")
        source = Path(source)
        if not source.is_file():
            raise AppError(f"Файл «{source}» не найден.")
        folder = Path(self.db.path).parent / f"{Path(self.db.path).stem}-документы" / "roadmap"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{item_id}-{source.name}"
        shutil.copy2(source, target)
        relative = target.relative_to(Path(self.db.path).parent).as_posix()
        with self.db.transaction() as session:
            _item(session, item_id).document = relative
        return relative

    def document_path(self, item_id: int) -> Path | None:
        """The attached file on disk, when the item's document is a kept file."""
        with self.db.session() as session:
            document = _item(session, item_id).document
        if not document or self.db.path is None:
            return None
        path = Path(self.db.path).parent / document
        return path if path.is_file() else None

    def people_names(self, ids: list[int]) -> dict[int, str]:
        if not ids:
            return {}
        with self.db.session() as session:
            people = session.scalars(select(Person).where(Person.id.in_(ids))).all()
            return {p.id: p.short_name for p in people}


# --- helpers -------------------------------------------------------------------------------


def _schedule_text(item: RoadmapItem, roadmap: Roadmap) -> str:
    schedule = Schedule.from_json(item.schedule)
    occs = occurrences(schedule, roadmap.period_start, roadmap.period_end)
    reading = describe(schedule)
    if occs:
        dates = ", ".join(format_date(o.due) for o in occs[:6])
        more = " …" if len(occs) > 6 else ""
        return f"{reading}: срок {dates}{more}"
    return reading


def _item_from_template(entry: dict[str, str], position: int) -> RoadmapItem:
    if "section" in entry:
        return RoadmapItem(position=position, is_section=True, title=entry["section"])
    deadline = entry.get("deadline", "")
    return RoadmapItem(
        position=position,
        is_section=False,
        title=entry["title"],
        deadline_text=deadline,
        schedule=parse_deadline(deadline).to_json(),
        responsible=entry.get("responsible", ""),
        result=entry.get("result", ""),
        event_kind=entry.get("event_kind", ""),
        note="",
        document="",
        place="",
        participant_ids=[],
        attended_ids=[],
    )


def _renumber(items: list[RoadmapItem]) -> None:
    for position, item in enumerate(items):
        item.position = position


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _without_years(text: str) -> str:
    text = re.sub(r"\b(\d{1,2}\.\d{1,2})\.(?:20)?\d\d\b", r"\1", text)
    text = re.sub(r"\s*\b20\d\d\s*(?:г\.|года|год|гг\.)?", " ", text)
    return " ".join(text.split()).strip(" ,")


def _own_organisation_id(session: Session) -> int:
    org_id = session.scalar(
        select(Organisation.id).where(Organisation.is_own).order_by(Organisation.id)
    )
    if org_id is None:
        raise ValidationError(
            {"organisation": "Сначала заполните сведения об организации (раздел «Настройки»)."}
        )
    return org_id


def _roadmap(session: Session, roadmap_id: int) -> Roadmap:
    roadmap = session.get(Roadmap, roadmap_id)
    if roadmap is None:
        raise NotFound("Дорожная карта не найдена — возможно, её удалили.")
    return roadmap


def _item(session: Session, item_id: int) -> RoadmapItem:
    item = session.get(RoadmapItem, item_id)
    if item is None:
        raise NotFound("Мероприятие не найдено — возможно, его удалили.")
    return item


# --- «Обзор» --------------------------------------------------------------------------------


def overview_items(db: Database, today: dt.date) -> list[OverviewItem]:
    """Overdue roadmap items and those due in the next 30 days, across current roadmaps."""
    service = RoadmapService(db)
    items: list[OverviewItem] = []
    summaries = service.list(today)
    current = next((s for s in summaries if s.period_start <= today <= s.period_end), None)
    if current is None:
        year = today.year if today.month >= 9 else today.year - 1
        items.append(
            OverviewItem(
                f"Дорожная карта на {year}/{year + 1} учебный год не составлена — "
                "«Новая…» заполнит её из шаблона",
                Severity.WARNING,
                section="roadmap",
            )
        )
    else:
        total = sum(current.counts.values())
        done = current.counts[ItemStatus.DONE]
        items.append(
            OverviewItem(
                f"Мероприятий дорожной карты выполнено: {done} из {total}",
                Severity.INFO,
                section="roadmap",
                figure=done,
            )
        )
        if current.approved_on is None:
            items.append(
                OverviewItem(
                    f"Дорожная карта на {current.period_label} не утверждена — укажите дату "
                    "«УТВЕРЖДАЮ» и приказ («Ещё» → «Сведения о дорожной карте»)",
                    Severity.WARNING,
                    section="roadmap",
                )
            )
    for summary in summaries:
        if summary.period_end < today - dt.timedelta(days=SOON_DAYS):
            continue  # an old year's plan: its lines are history, not today's work
        if summary.period_start > today + dt.timedelta(days=SOON_DAYS):
            continue
        for row in service.rows(summary.id, today):
            if row.is_section:
                continue
            short = row.title if len(row.title) <= 110 else row.title[:107].rstrip() + "…"
            if row.status is ItemStatus.OVERDUE:
                items.append(
                    OverviewItem(
                        f"Дорожная карта, п. {row.number}: {short}",
                        Severity.OVERDUE,
                        section="roadmap",
                        record_id=row.id,
                        due=row.due,
                    )
                )
            elif row.is_soon(today):
                items.append(
                    OverviewItem(
                        f"Дорожная карта, п. {row.number}: {short}",
                        Severity.SOON,
                        section="roadmap",
                        record_id=row.id,
                        due=row.due,
                    )
                )
    return items
