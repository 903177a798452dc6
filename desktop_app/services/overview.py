"""«Обзор»: what needs the curator's attention today, gathered from every feature.

The overview screen knows nothing about pairs, programs or roadmaps. Each feature offers a
*provider*: a plain function ``(db, today) -> list[OverviewItem]``. The screen calls every
provider, sorts the items (overdue first, figures last) and shows each one as a line that
opens the feature's section when the curator clicks it.

Adding a provider (the whole API):

1. Write the function in your service module (no Qt, read-only, quick: one or two queries)::

       def overview_items(db: Database, today: dt.date) -> list[OverviewItem]:
           return [OverviewItem("Пар без приказа о закреплении: 2", Severity.WARNING,
                                section="pairs", hint="no_order")]

2. Name it in ``PROVIDERS`` below as ``"module.path:function"`` (your slot line), or call
   ``register()`` (tests, plug-ins). Modules are imported only when the overview is built, so
   start-up stays fast.

The item's ``section`` is a key of ``ui.main_window.SECTIONS``. When the curator opens an item,
the window shows that section and, if the section widget has a method
``open_overview_item(item)``, hands it the item so the section can select ``record_id`` or
apply ``hint`` (a short code the feature chooses, e.g. ``"consent=missing"``).

A provider that raises does not break the screen: its error becomes one warning line.
"""

from __future__ import annotations

import datetime as dt
import enum
import importlib
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select

from desktop_app.models import (
    ConsentState,
    MenteeProfile,
    MentorProfile,
    Person,
)
from desktop_app.models.db import Database

# How far ahead «скоро срок» looks: the issue asks for the next 30 days.
SOON_DAYS = 30


class Severity(enum.IntEnum):
    """How urgent an item is; the screen sorts by it, most urgent first."""

    INFO = 0  # a figure: «Наставников: 10» — nothing to do
    SOON = 1  # a deadline within SOON_DAYS
    WARNING = 2  # something is missing: consent, a mentor, an order
    OVERDUE = 3  # a deadline has passed

    @property
    def label(self) -> str:
        return _SEVERITY_LABELS[self]


_SEVERITY_LABELS = {
    Severity.INFO: "сведения",
    Severity.SOON: "скоро срок",
    Severity.WARNING: "требует внимания",
    Severity.OVERDUE: "просрочено",
}


@dataclass(frozen=True)
class OverviewItem:
    """One line of the overview: a figure or a warning, in Russian, with where to go."""

    text: str
    severity: Severity
    section: str
    # The record the line is about (a roadmap item, a pair…), for the section to select.
    record_id: int | None = None
    # A feature-chosen code the section understands, e.g. "consent=missing".
    hint: str = ""
    # The deadline, when the line is about one: sorts the lines of the same severity.
    due: dt.date | None = None
    # The number behind a figure, for tests and for the screen's big counters.
    figure: int | None = None

    @property
    def is_figure(self) -> bool:
        return self.severity is Severity.INFO


Provider = Callable[[Database, dt.date], list[OverviewItem]]

# Every feature owns one slot line below ("module.path:function"); keep the blank lines.
# fmt: off
PROVIDERS: list[str] = [
    "desktop_app.services.overview:people_items",

    # slot: pairs

    "desktop_app.services.programs:overview_items",  # slot: programs

    "desktop_app.services.routes:overview_items",

    "desktop_app.services.roadmap:overview_items",

    "desktop_app.services.monitoring:overview_items",  # slot: monitoring

    # slot: docs

    # slot: safety
]
# fmt: on

_registered: list[Provider] = []


def register(provider: Provider) -> Provider:
    """Add a provider at run time (usable as a decorator); it is called after ``PROVIDERS``."""
    if provider not in _registered:
        _registered.append(provider)
    return provider


def unregister(provider: Provider) -> None:
    if provider in _registered:
        _registered.remove(provider)


def _resolve(spec: str) -> Provider:
    module_name, _, attr = spec.partition(":")
    return getattr(importlib.import_module(module_name), attr)  # type: ignore[no-any-return]


def providers() -> list[Provider]:
    return [_resolve(spec) for spec in PROVIDERS] + list(_registered)


def _order(item: OverviewItem) -> tuple[int, int, dt.date]:
    # Lines of equal urgency without a deadline keep their provider's order (stable sort).
    return (item.is_figure, -int(item.severity), item.due or dt.date.max)


def collect(db: Database, today: dt.date | None = None) -> list[OverviewItem]:
    """Every provider's items, most urgent first; figures at the end in provider order."""
    today = today or dt.date.today()
    items: list[OverviewItem] = []
    figures: list[OverviewItem] = []
    for provider in providers():
        try:
            result = provider(db, today)
        except Exception as exc:  # one broken feature must not hide the rest
            name = getattr(provider, "__module__", "?")
            result = [
                OverviewItem(
                    f"Не удалось собрать сведения ({name}): {exc}",
                    Severity.WARNING,
                    section="settings",
                )
            ]
        for item in result:
            (figures if item.is_figure else items).append(item)
    items.sort(key=_order)
    return items + figures


def counted(word_forms: tuple[str, str, str], number: int) -> str:
    """«1 педагог», «2 педагога», «5 педагогов»: the Russian plural after a number."""
    n = abs(number) % 100
    if 11 <= n <= 14:
        form = word_forms[2]
    elif n % 10 == 1:
        form = word_forms[0]
    elif 2 <= n % 10 <= 4:
        form = word_forms[1]
    else:
        form = word_forms[2]
    return f"{number} {form}"


# --- the people bank's own provider ------------------------------------------------------


def people_items(db: Database, today: dt.date) -> list[OverviewItem]:
    """Figures of the bank and what is missing in it (consent, requests, written consent)."""
    from desktop_app.services.people import PeopleFilter, PeopleService

    people = PeopleService(db)
    active = Person.archived_on.is_(None)
    with db.session() as session:
        staff = session.scalar(select(func.count(Person.id)).where(active)) or 0
        mentors = (
            session.scalar(
                select(func.count(MentorProfile.person_id))
                .join(Person, Person.id == MentorProfile.person_id)
                .where(active, MentorProfile.active)
            )
            or 0
        )
        mentees = (
            session.scalar(
                select(func.count(MenteeProfile.person_id))
                .join(Person, Person.id == MenteeProfile.person_id)
                .where(active, MenteeProfile.active)
            )
            or 0
        )
        no_request = (
            session.scalar(
                select(func.count(MenteeProfile.person_id))
                .join(Person, Person.id == MenteeProfile.person_id)
                .where(active, MenteeProfile.active, func.trim(MenteeProfile.request) == "")
            )
            or 0
        )
        no_written_consent = (
            session.scalar(
                select(func.count(MentorProfile.person_id))
                .join(Person, Person.id == MentorProfile.person_id)
                .where(active, MentorProfile.active, MentorProfile.appointment_consent.is_(False))
            )
            or 0
        )
    missing = people.count(PeopleFilter(consent=ConsentState.MISSING), today=today)
    withdrawn = people.count(PeopleFilter(consent=ConsentState.WITHDRAWN), today=today)

    items: list[OverviewItem] = []
    if missing:
        items.append(
            OverviewItem(
                f"Нет согласия на обработку персональных данных: "
                f"{counted(('педагог', 'педагога', 'педагогов'), missing)}",
                Severity.WARNING,
                section="people",
                hint="consent=missing",
                figure=missing,
            )
        )
    if withdrawn:
        items.append(
            OverviewItem(
                f"Согласие на обработку персональных данных отозвано: "
                f"{counted(('педагог', 'педагога', 'педагогов'), withdrawn)}",
                Severity.WARNING,
                section="people",
                hint="consent=withdrawn",
                figure=withdrawn,
            )
        )
    if no_request:
        items.append(
            OverviewItem(
                f"Наставляемые без запроса в банке: {no_request}",
                Severity.WARNING,
                section="mentees",
                figure=no_request,
            )
        )
    if no_written_consent:
        items.append(
            OverviewItem(
                f"Наставники без письменного согласия на назначение: {no_written_consent}",
                Severity.WARNING,
                section="mentors",
                figure=no_written_consent,
            )
        )
    items += [
        OverviewItem(f"Педагогических работников: {staff}", Severity.INFO, "people", figure=staff),
        OverviewItem(f"Наставников: {mentors}", Severity.INFO, "mentors", figure=mentors),
        OverviewItem(f"Наставляемых: {mentees}", Severity.INFO, "mentees", figure=mentees),
    ]
    return items
