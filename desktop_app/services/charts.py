"""What the monitoring charts show, as plain data: the screen and the reports draw the same.

Drawing needs Qt, which lives in ``ui``; this module only says what to draw. Reports get their
pictures through :func:`render`, which an entry point (the GUI, the CLI) connects to the Qt
painter once — so the document engine stays free of Qt and the same chart reaches both.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.services import indicators as ind

if TYPE_CHECKING:
    from desktop_app.models.db import Database


@dataclass(frozen=True)
class Series:
    name: str
    values: tuple[float | None, ...]


@dataclass(frozen=True)
class ChartSpec:
    """Grouped bars: one group per category, one bar per series, values in ``unit``."""

    key: str
    title: str
    categories: tuple[str, ...]
    series: tuple[Series, ...]
    unit: str = ""

    @property
    def empty(self) -> bool:
        return all(v in (None, 0) for s in self.series for v in s.values)


def participation(db: Database, period: ind.Period) -> ChartSpec:
    """Mentors, mentees and pairs/groups in each quarter of the school year of ``period``."""
    year = ind.school_year_of(period.start)
    quarters = []
    day = year.start
    while day <= year.end:
        quarters.append(ind.quarter_of(day))
        day = quarters[-1].end + dt.timedelta(days=1)
    sets = [ind.compute(db, q) for q in quarters]
    names = [f"{q.start.month:02d}–{q.end.month:02d}.{q.end.year}" for q in quarters]
    return ChartSpec(
        "participation",
        f"Участники наставничества по кварталам, {year.label}",
        tuple(names),
        (
            Series("Наставники", tuple(s.value("mentors") for s in sets)),
            Series("Наставляемые", tuple(s.value("mentees") for s in sets)),
            Series(
                "Пары и группы",
                tuple((s.value("pairs") or 0) + (s.value("groups") or 0) for s in sets),
            ),
        ),
        "чел.",
    )


def programs_by_state(db: Database, period: ind.Period) -> ChartSpec:
    now, before = ind.compute(db, period), ind.compute(db, period.previous())
    keys = (
        ("programs_started", "Начаты"),
        ("programs_active", "Реализовывались"),
        ("programs_finished", "Завершены"),
        ("programs_stopped", "Прекращены досрочно"),
    )
    return ChartSpec(
        "programs",
        "Программы наставничества",
        tuple(title for _, title in keys),
        (
            Series(before.period.label, tuple(before.value(k) for k, _ in keys)),
            Series(now.period.label, tuple(now.value(k) for k, _ in keys)),
        ),
        "ед.",
    )


def results_change(db: Database, period: ind.Period) -> ChartSpec:
    now, before = ind.compute(db, period), ind.compute(db, period.previous())
    keys = (
        ("exams_passed", "Прошли ВПР/ОГЭ/ЕГЭ"),
        ("progress", "Успеваемость"),
        ("activities_on_time", "Мероприятия в срок"),
    )
    return ChartSpec(
        "results",
        "Результаты наставляемых и выполнение программ, %",
        tuple(title for _, title in keys),
        (
            Series(before.period.label, tuple(before.value(k) for k, _ in keys)),
            Series(now.period.label, tuple(now.value(k) for k, _ in keys)),
        ),
        "%",
    )


CHARTS: tuple[tuple[str, str, Callable[[Database, ind.Period], ChartSpec]], ...] = (
    ("participation", "Участники по кварталам", participation),
    ("programs", "Программы по состоянию", programs_by_state),
    ("results", "Результаты наставляемых", results_change),
)


Renderer = Callable[[ChartSpec, Path], None]
_renderer: Renderer | None = None


def set_renderer(renderer: Renderer) -> None:
    global _renderer
    _renderer = renderer


def render(spec: ChartSpec, path: Path) -> Path | None:
    """Draw ``spec`` into a PNG at ``path``; None when no painter is connected (core-only use)."""
    if _renderer is None:
        return None
    _renderer(spec, path)
    return path
