"""The overview registry: providers' items gathered, ordered, and a broken provider contained."""

from __future__ import annotations

import datetime as dt

from desktop_app.models.db import Database
from desktop_app.services import overview
from desktop_app.services.overview import OverviewItem, Severity, collect, counted
from desktop_app.services.people import PeopleService, PersonDraft
from tests.conftest import DEMO_TODAY


def _figures(items: list[OverviewItem]) -> dict[str, int | None]:
    return {i.text.split(":")[0]: i.figure for i in items if i.is_figure}


def test_people_figures_and_missing_consent_on_the_demo(demo_db: Database) -> None:
    items = collect(demo_db, DEMO_TODAY)
    figures = _figures(items)
    assert figures["Наставников"] == 10
    assert figures["Наставляемых"] == 12
    assert figures["Педагогических работников"] >= 40
    consent = [i for i in items if i.hint == "consent=missing"]
    assert len(consent) == 1 and consent[0].severity is Severity.WARNING
    assert consent[0].section == "people"
    assert consent[0].text.startswith("Нет согласия на обработку персональных данных: ")
    # Figures come after every line that needs attention.
    kinds = [i.is_figure for i in items]
    assert kinds == sorted(kinds)


def test_a_person_without_consent_appears_and_disappears(empty_db: Database) -> None:
    today = dt.date(2026, 3, 1)
    people = PeopleService(empty_db)
    pid = people.create(PersonDraft(last_name="Орлова", first_name="Нина", patronymic="Ивановна"))
    lines = [i.text for i in collect(empty_db, today) if not i.is_figure]
    assert "Нет согласия на обработку персональных данных: 1 педагог" in lines
    draft = people.draft(pid)
    draft.consent_given_on = "01.02.2026"
    people.update(pid, draft)
    lines = [i.text for i in collect(empty_db, today) if not i.is_figure]
    assert not any(line.startswith("Нет согласия") for line in lines)


def test_registered_provider_is_sorted_by_severity_and_due_date(empty_db: Database) -> None:
    def provider(db: Database, today: dt.date) -> list[OverviewItem]:
        return [
            OverviewItem("скоро", Severity.SOON, "people", due=today + dt.timedelta(days=3)),
            OverviewItem("поздно", Severity.OVERDUE, "people", due=today - dt.timedelta(days=1)),
            OverviewItem("раньше", Severity.OVERDUE, "people", due=today - dt.timedelta(days=9)),
        ]

    overview.register(provider)
    try:
        ours = {"скоро", "поздно", "раньше"}
        texts = [i.text for i in collect(empty_db, dt.date(2026, 3, 1)) if i.text in ours]
    finally:
        overview.unregister(provider)
    assert texts[:3] == ["раньше", "поздно", "скоро"]


def test_a_broken_provider_becomes_one_warning(empty_db: Database) -> None:
    def broken(db: Database, today: dt.date) -> list[OverviewItem]:
        raise RuntimeError("нет таблицы")

    overview.register(broken)
    try:
        items = collect(empty_db, dt.date(2026, 3, 1))
    finally:
        overview.unregister(broken)
    failed = [i for i in items if "нет таблицы" in i.text]
    assert len(failed) == 1 and failed[0].severity is Severity.WARNING
    assert any(i.text.startswith("Наставников") for i in items)


def test_every_listed_provider_imports() -> None:
    assert len(overview.providers()) == len(overview.PROVIDERS)


def test_russian_plural_after_a_number() -> None:
    forms = ("педагог", "педагога", "педагогов")
    assert [counted(forms, n) for n in (1, 2, 5, 11, 21, 22, 112)] == [
        "1 педагог",
        "2 педагога",
        "5 педагогов",
        "11 педагогов",
        "21 педагог",
        "22 педагога",
        "112 педагогов",
    ]
