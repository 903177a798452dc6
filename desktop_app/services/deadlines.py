"""Deadlines as the seeds write them, parsed into a schedule the program can track.

A roadmap's «срок» is text: «до 01.10.2021», «сентябрь 2022», «апрель–сентябрь», «ежегодно,
апрель», «ежеквартально до 15 числа», «май, ежегодно (в рамках ШМО)», «постоянно», «в течение
года». The curator's text is always kept as typed; :func:`parse_deadline` turns it into a
:class:`Schedule` and :func:`occurrences` lays that schedule over a roadmap's period, giving the
dates something is due. Text it cannot read is never rejected: it becomes ``Kind.UNKNOWN`` and
the screen says «без срока».

Years: a month without a year belongs to the school year of the roadmap (September–December
of its first year, January–August of the next), so a template's «сентябрь» lands right in any
year. «ежегодно» / «далее ежегодно» repeats a window every year of the period.
"""

from __future__ import annotations

import calendar
import datetime as dt
import enum
import re
from dataclasses import asdict, dataclass, field


class Kind(str, enum.Enum):
    DATED = "dated"  # one or more windows, each with a due date (maybe yearly)
    QUARTERLY = "quarterly"
    MONTHLY = "monthly"
    OPEN = "open"  # «постоянно», «в течение года»: goes on the whole period, never overdue
    UNKNOWN = "unknown"  # kept as typed, shown «без срока»


MONTH_STEMS = (
    ("январ", 1),
    ("феврал", 2),
    ("март", 3),
    ("апрел", 4),
    ("ма", 5),  # май, мая, мае — matched as a whole word below
    ("июн", 6),
    ("июл", 7),
    ("август", 8),
    ("сентябр", 9),
    ("октябр", 10),
    ("ноябр", 11),
    ("декабр", 12),
)
MONTHS_NOMINATIVE = (
    "январь",
    "февраль",
    "март",
    "апрель",
    "май",
    "июнь",
    "июль",
    "август",
    "сентябрь",
    "октябрь",
    "ноябрь",
    "декабрь",
)
MONTHS_GENITIVE = (
    "января",
    "февраля",
    "марта",
    "апреля",
    "мая",
    "июня",
    "июля",
    "августа",
    "сентября",
    "октября",
    "ноября",
    "декабря",
)
_MONTH_RE = re.compile(
    r"\b(январ\w*|феврал\w*|март\w*|апрел\w*|ма[йяею]|июн\w*|июл\w*|август\w*|"
    r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)\b"
)
_DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\.(\d{4}|\d{2})\b")
_SHORT_DATE_RE = re.compile(r"\b(\d{1,2})\.(\d{1,2})\b(?!\.\d)")
_DAY_MONTH_RE = re.compile(
    r"\b(\d{1,2})\s+(январ\w*|феврал\w*|марта|апрел\w*|мая|июн\w*|июл\w*|август\w*|"
    r"сентябр\w*|октябр\w*|ноябр\w*|декабр\w*)(?:\s+(20\d\d))?"
)
_YEAR_RE = re.compile(r"\b(20\d\d)\b")
_DAY_OF_MONTH_RE = re.compile(r"до\s+(\d{1,2})(?:-?го)?\s+числа")
_OPEN_WORDS = (
    "постоянно",
    "в течение",
    "по отдельному плану",
    "по плану",
    "систематически",
    "по мере",
    "по необходимости",
    "по запросу",
    "весь период",
    "всего периода",
)


@dataclass
class Window:
    """One stretch of time ending on a due date.

    ``end_day`` 0 means the last day of ``end_month``; ``start_month`` 0 means «no start»
    («до 01.10»). ``year`` is the year of the due date when the text names it.
    """

    end_month: int
    end_day: int = 0
    start_month: int = 0
    start_day: int = 1
    year: int | None = None


@dataclass
class Schedule:
    kind: Kind
    windows: list[Window] = field(default_factory=list)
    yearly: bool = False
    # Quarterly/monthly: due on this day of the month after the quarter/month (0 = its end).
    day: int = 0
    # «постоянно с мая 2022»: an open item that begins at a month.
    open_from: tuple[int, int] | None = None

    def to_json(self) -> dict[str, object]:
        data = asdict(self)
        data["kind"] = self.kind.value
        return data

    @classmethod
    def from_json(cls, data: dict[str, object] | None) -> Schedule:
        if not data:
            return cls(Kind.UNKNOWN)
        windows = [Window(**w) for w in data.get("windows", [])]  # type: ignore[arg-type, attr-defined]
        open_from = data.get("open_from")
        return cls(
            kind=Kind(data.get("kind", "unknown")),
            windows=windows,
            yearly=bool(data.get("yearly")),
            day=int(data.get("day") or 0),  # type: ignore[call-overload]
            open_from=tuple(open_from) if open_from else None,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class Occurrence:
    """One time the item is due: the window it may be done in and its deadline."""

    start: dt.date | None
    due: dt.date


def _normalise(text: str) -> str:
    text = text.casefold().replace("ё", "е")
    text = re.sub(r"[‐‑‒–—−]", "-", text)
    text = re.sub(r"(\d{4})\s*г(?:ода|од|\.)?(?=\W|$)", r"\1", text)
    return " ".join(text.split())


def _month_number(word: str) -> int:
    if word in ("май", "мая", "мае", "маю"):
        return 5
    for stem, number in MONTH_STEMS:
        if stem != "ма" and word.startswith(stem):
            return number
    raise ValueError(word)


def parse_deadline(text: str) -> Schedule:
    """Read a deadline as the seeds write it; never raises."""
    t = _normalise(text)
    if not t:
        return Schedule(Kind.UNKNOWN)
    yearly = "ежегодно" in t or "каждый год" in t or "ежегодн" in t
    day_match = _DAY_OF_MONTH_RE.search(t)
    day = int(day_match.group(1)) if day_match and 1 <= int(day_match.group(1)) <= 28 else 0
    if "ежекварталь" in t or "раз в квартал" in t:
        return Schedule(Kind.QUARTERLY, day=day)
    if "ежемесячно" in t or "каждый месяц" in t:
        return Schedule(Kind.MONTHLY, day=day)

    windows: list[Window] = []
    # Exact dates first; their text is taken out so that «01.10» is not read as a month.
    for d, m, y in _DATE_RE.findall(t):
        year = int(y) + (2000 if len(y) == 2 else 0)
        try:
            dt.date(year, int(m), int(d))
        except ValueError:
            continue
        windows.append(Window(end_month=int(m), end_day=int(d), year=year))
    rest = _DATE_RE.sub(" ", t)
    # «до 20.09» and «до 15 сентября»: a day in a month of the roadmap's year.
    for d, m in _SHORT_DATE_RE.findall(rest):
        if 1 <= int(m) <= 12 and 1 <= int(d) <= 31:
            windows.append(Window(end_month=int(m), end_day=int(d)))
    rest = _SHORT_DATE_RE.sub(" ", rest)
    for d, month, y in _DAY_MONTH_RE.findall(rest):
        if 1 <= int(d) <= 31:
            year = int(y) if y else None
            windows.append(Window(end_month=_month_number(month), end_day=int(d), year=year))
    rest = _DAY_MONTH_RE.sub(" ", rest)

    is_open = any(word in rest for word in _OPEN_WORDS)
    months = list(_MONTH_RE.finditer(rest))
    years = [int(y) for y in _YEAR_RE.findall(rest)]
    if is_open:
        if months and ("постоянно с" in rest or rest.startswith("с ")):
            first = months[0]
            year = years[0] if years else 0
            return Schedule(Kind.OPEN, open_from=(year, _month_number(first.group(1))))
        if not windows:
            return Schedule(Kind.OPEN)

    # Months: «март-июнь 2022» is one window; «май-декабрь апрель» two; the year that follows
    # a month (or a range) belongs to it, else the single year of the text, else none.
    index = 0
    while index < len(months):
        match = months[index]
        start_month = 0
        end_match = match
        if index + 1 < len(months):
            between = rest[match.end() : months[index + 1].start()]
            if re.fullmatch(r"\s*(-|по|до)\s*", between):
                end_match = months[index + 1]
                start_month = _month_number(match.group(1))
                index += 1
        end_month = _month_number(end_match.group(1))
        year_after = _YEAR_RE.match(rest[end_match.end() :].strip())
        year = int(year_after.group(1)) if year_after else (years[0] if len(years) == 1 else None)
        window = Window(end_month=end_month, start_month=start_month or end_month, year=year)
        if window not in windows:
            windows.append(window)
        index += 1

    if windows:
        return Schedule(Kind.DATED, windows=windows, yearly=yearly)
    if is_open:
        return Schedule(Kind.OPEN)
    return Schedule(Kind.UNKNOWN)


# --- laying a schedule over a period ------------------------------------------------------


def school_year_of(day: dt.date) -> int:
    """2025 for any day from 1 September 2025 to 31 August 2026."""
    return day.year if day.month >= 9 else day.year - 1


def _due(year: int, window: Window) -> dt.date:
    last = calendar.monthrange(year, window.end_month)[1]
    return dt.date(year, window.end_month, min(window.end_day or last, last))


def _start(due: dt.date, window: Window) -> dt.date | None:
    if not window.start_month:
        return None
    year = due.year if window.start_month <= window.end_month else due.year - 1
    return dt.date(year, window.start_month, window.start_day or 1)


def occurrences(schedule: Schedule, start: dt.date, end: dt.date) -> list[Occurrence]:
    """The dates the item is due within the period ``start``–``end`` (a roadmap's span).

    A dated window with its own year is kept even outside the period (it is the item's own
    deadline); windows without a year, yearly ones, quarterly and monthly ones are generated
    inside the period only.
    """
    result: list[Occurrence] = []
    if schedule.kind is Kind.DATED:
        for window in schedule.windows:
            if window.year is not None and not schedule.yearly:
                due = _due(window.year, window)
                result.append(Occurrence(_start(due, window), due))
                continue
            first_year = window.year or start.year - 1
            found = False
            for year in range(max(first_year, start.year - 1), end.year + 2):
                due = _due(year, window)
                if start <= due <= end:
                    result.append(Occurrence(_start(due, window), due))
                    found = True
                    if not schedule.yearly:
                        break
            if not found and not schedule.yearly and window.year is None:
                continue
    elif schedule.kind in (Kind.QUARTERLY, Kind.MONTHLY):
        step = 3 if schedule.kind is Kind.QUARTERLY else 1
        # Periods aligned to calendar quarters/months; the due day falls after the period.
        year, month = start.year, ((start.month - 1) // step) * step + 1
        while True:
            begin = dt.date(year, month, 1)
            next_month = month + step
            next_year = year + (next_month - 1) // 12
            next_month = (next_month - 1) % 12 + 1
            period_end = dt.date(next_year, next_month, 1) - dt.timedelta(days=1)
            due = dt.date(next_year, next_month, schedule.day) if schedule.day else period_end
            if begin > end:
                break
            if start <= period_end <= end:
                result.append(Occurrence(max(begin, start), due))
            year, month = next_year, next_month
    result.sort(key=lambda o: o.due)
    unique: list[Occurrence] = []
    for occurrence in result:
        if not unique or unique[-1] != occurrence:
            unique.append(occurrence)
    return unique


def open_from(schedule: Schedule, start: dt.date) -> dt.date | None:
    """The day an open item («постоянно с мая 2022») begins, within a period from ``start``."""
    if schedule.open_from is None:
        return None
    year, month = schedule.open_from
    if not year:
        year = start.year if month >= start.month else start.year + 1
    return dt.date(year, month, 1)


def describe(schedule: Schedule) -> str:
    """A short reading of the schedule for a tooltip: what the program understood."""
    if schedule.kind is Kind.UNKNOWN:
        return "без срока"
    if schedule.kind is Kind.OPEN:
        if schedule.open_from:
            year, month = schedule.open_from
            since = MONTHS_GENITIVE[month - 1] + (f" {year}" if year else "")
            return f"постоянно с {since}, без контрольной даты"
        return "постоянно, без контрольной даты"
    if schedule.kind is Kind.QUARTERLY:
        return f"ежеквартально, до {schedule.day} числа" if schedule.day else "ежеквартально"
    if schedule.kind is Kind.MONTHLY:
        return f"ежемесячно, до {schedule.day} числа" if schedule.day else "ежемесячно"
    parts = []
    for w in schedule.windows:
        if w.end_day:
            text = f"до {w.end_day:02d}.{w.end_month:02d}" + (f".{w.year}" if w.year else "")
        else:
            months = MONTHS_NOMINATIVE[w.end_month - 1]
            if w.start_month and w.start_month != w.end_month:
                months = f"{MONTHS_NOMINATIVE[w.start_month - 1]}–{months}"
            text = months + (f" {w.year}" if w.year else "")
        parts.append(text)
    return "; ".join(parts) + (", ежегодно" if schedule.yearly else "")


def shift_years(text: str, years: int = 1) -> str:
    """The same deadline a year (or ``years``) later: «до 15.09.2025» → «до 15.09.2026»."""

    def date(match: re.Match[str]) -> str:
        d, m, y = match.group(1), match.group(2), match.group(3)
        year = int(y) + (2000 if len(y) == 2 else 0) + years
        day = int(d)
        if int(m) == 2 and day == 29 and not calendar.isleap(year):
            day = 28
        return f"{day:0{len(d)}d}.{m}.{year}"

    shifted = _DATE_RE.sub(date, text)
    # Years standing alone («сентябрь 2025», «2025/2026 учебный год»): 4 digits not in a date.
    return re.sub(r"(?<![\d.])(20\d\d)(?![\d.]\d)", lambda m: str(int(m.group(1)) + years), shifted)
