"""Import of the people bank from a spreadsheet the curator already keeps.

Three steps, each callable on its own so that the window can show what happens between them:

1. ``guess_header`` finds the header row under any title rows and matches each column to a
   field of the person card by its usual Russian headings; the curator can change the match.
2. ``plan_import`` reads every row into a ``PersonDraft``, checks it with the people service's
   own ``validate_person``, finds who is already in the bank (same ФИО and birth date, or the
   same e-mail) and says for each row what will happen. Nothing is written.
3. ``apply_import`` writes the plan in one transaction — all of it or, on any error or on
   «Отмена», nothing — and keeps what is needed to undo the whole import (``undo_last_import``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from enum import Enum
from pathlib import Path
from typing import Any

from sqlalchemy import Date, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, selectinload

from desktop_app.errors import AppError, ValidationError
from desktop_app.models import (
    DeficitCategory,
    DeficitLevel,
    Gender,
    MenteeCategory,
    MenteeDifficulty,
    MenteeProfile,
    MentorProfile,
    Person,
    PersonalDataConsent,
    QualificationCategory,
    Setting,
)
from desktop_app.models.db import Database
from desktop_app.models.types import EnumCode
from desktop_app.services.concurrency import touch
from desktop_app.services.people import (
    PeopleService,
    PersonDraft,
    ValidPerson,
    validate_person,
)
from desktop_app.services.people_index import REVISION_KEY, bump_people_revision
from desktop_app.services.spreadsheet import Cell, SourceTable, looks_garbled, read_table
from desktop_app.services.text import normalise_search
from desktop_app.services.validation import format_date

UNDO_KEY = "last_people_import"

# Progress(done, total, what) -> False when the curator pressed «Отмена».
Progress = Callable[[int, int, str], bool]


def no_progress(_done: int, _total: int, _what: str) -> bool:
    return True


class ImportCancelled(AppError):
    def __init__(self) -> None:
        super().__init__("Импорт отменён, в базе ничего не изменилось.")


# --- the fields a column can fill ----------------------------------------------------------

# field key -> the label the curator sees in the column match
FIELDS: dict[str, str] = {
    "full_name": "ФИО (одной строкой)",
    "last_name": "Фамилия",
    "first_name": "Имя",
    "patronymic": "Отчество",
    "gender": "Пол",
    "birth_date": "Дата рождения",
    "position": "Должность",
    "subjects": "Преподаваемые предметы",
    "qualification_category": "Квалификационная категория",
    "experience_years": "Педагогический стаж, лет",
    "hired_on": "Дата приёма",
    "education": "Образование",
    "phone": "Телефон",
    "email": "E-mail",
    "role": "Роль (наставник / наставляемый)",
    "mentee_category": "Категория наставляемого",
    "request": "Запрос наставляемого",
    "consent": "Согласие на обработку ПДн (дата)",
    "achievements": "Достижения",
    "notes": "Примечание",
    "expertise": "Наставник: направления (в чём может помочь)",
    "max_mentees": "Наставник: наибольшее число наставляемых",
    "appointment_consent": "Наставник: письменное согласие на назначение",
    "appointment_consent_on": "Наставник: дата согласия на назначение",
    **{f"difficulty_{c.value}": f"Затруднения: {c.label}" for c in DeficitCategory},
}
IGNORE = ""  # a column the import does not use

# Which draft field a validation error of a field belongs to, for the per-field messages.
_DRAFT_FIELD = {
    "consent": "consent_given_on",
}
_REQUIRED = {"last_name", "first_name"}


def _norm_header(text: object) -> str:
    value = normalise_search(str(text or ""))
    value = re.sub(r"[.,:;()«»\"'/\\№*_\-–]+", " ", value)
    return " ".join(value.split())


def match_header(text: object) -> tuple[str, int] | None:
    """(field, strength) for a column heading, or None. The strength settles two columns that
    claim one field: «Пед. стаж» beats «Общий стаж», «ФИО» beats «Наставник»."""
    h = _norm_header(text)
    if not h or len(h) > 80:
        return None
    words = h.split()
    joined = h.replace(" ", "")
    if joined in {"фио", "фиопедагога", "фионаставника", "фионаставляемого"} or h.startswith(
        ("фио ", "ф и о")
    ):
        return "full_name", 10
    if "фамилия" in h and "имя" in words:
        return "full_name", 9
    if h.startswith("фамилия"):
        return "last_name", 10
    if h == "имя" or h.startswith("имя "):
        return "first_name", 10
    if h.startswith("отчество"):
        return "patronymic", 10
    if h == "пол":
        return "gender", 10
    if "рожд" in h or h in {"д р", "др"}:
        return "birth_date", 10
    if "категор" in h and "наставляем" in h:
        return "mentee_category", 10
    if "квалиф" in h or h in {"категория", "кв категория"}:
        return "qualification_category", 10
    if "сейчас" in h:
        return None  # «Число наставляемых сейчас» is counted from the pairs, not imported
    if "наибольш" in h or ("число" in h and "наставляем" in h):
        return "max_mentees", 10
    if h.startswith("направлен") or "в чем может помочь" in h or "экспертиз" in h:
        return "expertise", 10
    if "соглас" in h and "назначен" in h:
        return ("appointment_consent_on", 10) if "дата" in h else ("appointment_consent", 10)
    if h.startswith("затруднен") or h.startswith("дефицит"):
        rest = h.split(" ", 1)[1] if " " in h else ""
        for category in DeficitCategory:
            if rest and _norm_header(category.label).startswith(rest[:12]):
                return f"difficulty_{category.value}", 10
        return None
    if "стаж" in h:
        return "experience_years", 10 if "пед" in h else 6
    if "должност" in h:
        return "position", 10
    if "предмет" in h or "дисциплин" in h:
        return "subjects", 10
    if ("прием" in h or "принят" in h or "поступлен" in h) and ("дата" in h or "принят" in h):
        return "hired_on", 10
    if "образован" in h and "организац" not in h and "учрежд" not in h:
        return "education", 10
    if "телефон" in h or words[0] in {"тел", "телефон"}:
        return "phone", 10
    if joined in {"email", "емейл", "емэйл"} or "e mail" in h or "почт" in h:
        return "email", 10
    if h.startswith("роль") or ("наставник" in h and "наставляем" in h) or h == "статус":
        return "role", 10
    if h.startswith("запрос"):
        return "request", 10
    if "соглас" in h and ("пдн" in h or "персональн" in h or h == "согласие"):
        # «Дата согласия на обработку ПДн» beats a column that only says whether there is one.
        return "consent", 10 if "дата" in h else 5
    if "достижен" in h:
        return "achievements", 10
    if h.startswith(("примечан", "комментар", "заметк")):
        return "notes", 10
    return None


@dataclass
class HeaderGuess:
    """Where the header is and what each column holds.

    ``header_row`` is the index (0-based) of the last header row; data starts below it.
    ``headers`` has one caption per column (two header rows joined); ``mapping`` maps a column
    index to a field key; a column not in it is not imported.
    """

    header_row: int
    headers: list[str]
    mapping: dict[int, str]

    @property
    def data_start(self) -> int:
        return self.header_row + 1


def _assign(headers: list[str]) -> dict[int, str]:
    best: dict[str, tuple[int, int]] = {}
    for col, text in enumerate(headers):
        found = match_header(text)
        if found is None:
            continue
        key, strength = found
        if key not in best or strength > best[key][1]:
            best[key] = (col, strength)
    mapping = {col: key for key, (col, _) in best.items()}
    # «ФИО» merged over «Фамилия | Имя | Отчество»: the three parts win over the whole.
    if "full_name" in best and "last_name" in best and "first_name" in best:
        mapping.pop(best["full_name"][0], None)
    return mapping


def _text(cell: Cell) -> str:
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return " ".join(str(cell).split())


def guess_header(rows: list[list[Cell]], scan: int = 25) -> HeaderGuess | None:
    """The best header among the first rows: one row, or two where a merged caption sits
    above its parts («ФИО» over «Фамилия | Имя | Отчество»)."""
    best: tuple[float, HeaderGuess] | None = None
    limit = min(scan, len(rows))
    for index in range(limit):
        candidates = [(index, [_text(c) for c in rows[index]])]
        if index + 1 < len(rows):
            upper, lower = rows[index], rows[index + 1]
            width = max(len(upper), len(lower))
            joined = []
            for col in range(width):
                top = _text(upper[col]) if col < len(upper) else ""
                bottom = _text(lower[col]) if col < len(lower) else ""
                joined.append(bottom if bottom and match_header(bottom) else top or bottom)
            candidates.append((index + 1, joined))
        for last_row, headers in candidates:
            mapping = _assign(headers)
            if not mapping:
                continue
            has_name = "full_name" in mapping.values() or "last_name" in mapping.values()
            score = len(mapping) + (3 if has_name else 0) - (last_row - index) * 0.5
            if best is None or score > best[0]:
                best = (score, HeaderGuess(last_row, headers, mapping))
    return best[1] if best else None


def header_score(rows: list[list[Cell]]) -> float:
    guess = guess_header(rows)
    return float(len(guess.mapping)) if guess else 0.0


def mapping_problems(mapping: dict[int, str]) -> list[str]:
    """What makes a match unusable, in words for the curator."""
    fields = list(mapping.values())
    problems = []
    if "full_name" not in fields and not {"last_name", "first_name"} <= set(fields):
        problems.append(
            "Не выбран столбец с ФИО: укажите столбец «ФИО» или столбцы «Фамилия» и «Имя»."
        )
    repeated = sorted({f for f in fields if fields.count(f) > 1 and f})
    for key in repeated:
        problems.append(f"Поле «{FIELDS[key]}» выбрано для нескольких столбцов — оставьте одно.")
    return problems


# --- reading one row -----------------------------------------------------------------------


class RowAction(str, Enum):
    NEW = "new"
    UPDATE = "update"
    SAME = "same"
    SKIP_DUPLICATE = "skip_duplicate"
    REPEAT = "repeat"
    ERROR = "error"

    @property
    def label(self) -> str:
        return {
            "new": "будет добавлен",
            "update": "будет обновлён",
            "same": "уже в банке, без изменений",
            "skip_duplicate": "уже в банке — пропустить",
            "repeat": "повтор строки — пропущена",
            "error": "не будет загружен",
        }[self.value]


@dataclass
class RowProblem:
    row: int  # the row number in the file, as Excel shows it
    field: str  # a key of FIELDS, or "" for the whole row
    message: str
    is_error: bool  # an error skips the row; a warning leaves one value empty

    @property
    def field_label(self) -> str:
        return FIELDS.get(self.field, "") if self.field else "вся строка"


@dataclass
class ImportRow:
    row: int
    draft: PersonDraft
    valid: ValidPerson | None = None
    problems: list[RowProblem] = field(default_factory=list)
    action: RowAction = RowAction.NEW
    match_id: int | None = None
    match_name: str = ""
    repeat_of: int | None = None
    # Fields whose value came from the file (the rest of an update keeps the bank's values).
    given: set[str] = field(default_factory=set)
    # How the card in the bank was found: "birth" (ФИО and birth date), "name" (ФИО alone —
    # a date is missing in the file or in the card), "email".
    match_by: str = ""
    # For a row that matches a card: what an update would change, and what the file left
    # empty while the card has a value (kept). Filled by ``plan_import``.
    changes: list[FieldChange] = field(default_factory=list)
    kept: list[FieldChange] = field(default_factory=list)
    # The row as a card of its own, and the card merged with the row; ``valid`` is the one
    # the chosen action writes.
    own_valid: ValidPerson | None = None
    update_valid: ValidPerson | None = None

    @property
    def full_name(self) -> str:
        d = self.draft
        return " ".join(p for p in (d.last_name, d.first_name, d.patronymic) if p)

    @property
    def is_error(self) -> bool:
        return any(p.is_error for p in self.problems)

    @property
    def by_name_only(self) -> bool:
        return self.match_id is not None and self.match_by == "name"

    @property
    def choices(self) -> list[RowAction]:
        """What the curator may choose for this row: only a row that found a card has a
        choice (update it, add the row as a new person, or skip it)."""
        if self.match_id is None or self.own_valid is None or self.action is RowAction.ERROR:
            return []
        first = RowAction.SAME if not self.changes else RowAction.UPDATE
        return [first, RowAction.NEW, RowAction.SKIP_DUPLICATE]

    def what_changes(self) -> list[str]:
        """«Что изменится», line by line, as the preview and ``--dry-run`` show it."""
        lines: list[str] = []
        if self.action is RowAction.ERROR:
            return [p.message for p in self.problems if p.is_error]
        if self.action is RowAction.REPEAT:
            return [f"Повторяет строку {self.repeat_of}: пропущена."]
        if self.match_id is not None and self.action in (
            RowAction.UPDATE,
            RowAction.SAME,
            RowAction.SKIP_DUPLICATE,
            RowAction.NEW,
        ):
            lines.append(self.match_text())
        if self.action is RowAction.NEW:
            lines.append(
                "Будет добавлен новой карточкой."
                if self.match_id is None
                else "Будет добавлен новой карточкой; карточка в банке останется как есть."
            )
            return lines
        if self.action is RowAction.SKIP_DUPLICATE:
            lines.append("Пропустить: карточка в банке останется как есть.")
            if self.changes:
                lines.append("При обновлении изменилось бы:")
                lines += [f"  {c.describe()}" for c in self.changes]
            return lines
        if self.action is RowAction.SAME:
            lines.append("Изменений нет: в файле то же, что в карточке.")
        else:
            lines += [c.describe() for c in self.changes]
        lines += [k.describe_kept() for k in self.kept]
        return lines

    def match_text(self) -> str:
        if self.match_by == "name":
            return (
                f"Найден в банке только по ФИО, без даты рождения: «{self.match_name}». "
                "Проверьте, тот ли это человек: обновить, добавить как нового или пропустить."
            )
        if self.match_by == "email":
            return f"Найден в банке по e-mail: «{self.match_name}»."
        return f"Найден в банке по ФИО и дате рождения: «{self.match_name}»."


@dataclass(frozen=True)
class FieldChange:
    """One field of a card as an update would leave it: «Предметы: «химия, биология» →
    «химия»», or a value the file leaves empty and the card keeps (``new`` unused)."""

    field: str  # the label the curator knows
    old: str
    new: str = ""
    unreadable: bool = False  # kept: the file's value was wrong (see the problems), not empty

    def describe(self) -> str:
        old = f"«{self.old}»" if self.old else "пусто"
        new = f"«{self.new}»" if self.new else "пусто"
        return f"{self.field}: {old} → {new}"

    def describe_kept(self) -> str:
        why = "в файле значение с ошибкой" if self.unreadable else "в файле пусто"
        return f"{self.field}: {why} — в карточке остаётся «{self.old}»"


_ORDER = {"оглы", "кызы", "улы", "уулу", "гызы"}


def split_full_name(text: str) -> tuple[str, str, str]:
    parts = text.split()
    if not parts:
        return "", "", ""
    if len(parts) == 1:
        return parts[0], "", ""
    if len(parts) == 2:
        return parts[0], parts[1], ""
    return parts[0], parts[1], " ".join(parts[2:])


def _date_text(cell: Cell) -> tuple[str, str | None]:
    """(text for the draft, warning) for a date cell: a real Excel date, an Excel serial that
    lost its format, or the text the curator typed."""
    if cell is None:
        return "", None
    if isinstance(cell, dt.datetime):
        return format_date(cell.date()), None
    if isinstance(cell, dt.date):
        return format_date(cell), None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if 3000 <= cell <= 80000:  # a date cell that lost its format shows its serial number
            return format_date(dt.date(1899, 12, 30) + dt.timedelta(days=int(cell))), None
        if 1900 <= cell <= 2100:
            return "", f"указан только год ({int(cell)}), нужна полная дата ДД.ММ.ГГГГ"
        return str(cell), None
    text = _text(cell).rstrip(".").replace(" г", "").replace("г", "")
    text = re.sub(r"\s*\.\s*", ".", text)
    if re.fullmatch(r"\d{4}", text):
        return "", f"указан только год ({text}), нужна полная дата ДД.ММ.ГГГГ"
    # «1999-03-05 00:00:00» — a date Excel wrote into a CSV with its time.
    text = re.sub(r"^(\d{4}-\d{1,2}-\d{1,2})[ T]\d{1,2}:\d{2}(:\d{2})?$", r"\1", text)
    return text, None


_QUALIFICATION_WORDS = [
    (QualificationCategory.HIGHEST, ("высш", "вкк", "вк")),
    (QualificationCategory.FIRST, ("перв", "1", "i", "1кк", "1 кк")),
    (QualificationCategory.CONFORMITY, ("соотв", "сзд", "соответств")),
    (QualificationCategory.NONE, ("без", "нет", "б к", "бк", "-", "—", "не имеет")),
]


def parse_qualification(text: str) -> QualificationCategory | None:
    value = _norm_header(text) or text.strip()
    if not value:
        return None
    for category, starts in _QUALIFICATION_WORDS:
        for start in starts:
            if value == start or (len(start) > 2 and value.startswith(start)):
                return category
    return None


def parse_gender(text: str) -> Gender | None:
    value = _norm_header(text)
    if value in {"м", "муж", "мужской", "мужчина", "m", "male"}:
        return Gender.MALE
    if value in {"ж", "жен", "женский", "женщина", "f", "female"}:
        return Gender.FEMALE
    return None


def parse_mentee_category(text: str) -> MenteeCategory | None:
    value = normalise_search(text)
    if not value:
        return None
    for category in MenteeCategory:
        if normalise_search(category.label) == value:
            return category
    keywords = [
        (MenteeCategory.YOUNG_TEACHER, ("молод",)),
        (MenteeCategory.AFTER_BREAK, ("перерыв",)),
        (MenteeCategory.NEW_PLACE, ("нов", "адаптац")),
        (MenteeCategory.WANTS_DIGITAL, ("ит", "цифров", "икт")),
        (MenteeCategory.WANTS_GROWTH, ("повыс", "уровень")),
        (MenteeCategory.BURNOUT, ("выгоран",)),
        (MenteeCategory.TRAINEE, ("стаж", "студент")),
        (MenteeCategory.OTHER_DIFFICULTIES, ("затрудн", "иные")),
    ]
    words = re.findall(r"[\wё]+", value)
    for category, stems in keywords:
        if any(w.startswith(stems) for w in words):
            return category
    return None


def parse_role(text: str) -> tuple[bool, bool] | None:
    """(mentor, mentee) from «наставник», «наставляемый», «наставник, наставляемый»…"""
    value = normalise_search(text)
    if not value or value in {"-", "—", "нет", "без роли"}:
        return False, False
    mentee = "наставляем" in value or value in {"ня", "н-мый"}
    mentor = bool(re.search(r"наставник(?!ам)|наставница", value)) or value in {"н", "н-к"}
    if value in {"оба", "наставник и наставляемый"}:
        mentor = mentee = True
    if not (mentor or mentee):
        return None
    return mentor, mentee


def parse_expertise(text: str) -> tuple[list[DeficitCategory], str]:
    """«методические; ИКТ-компетенции и цифровизация; русский язык» → two categories and the
    rest as a note (the banks list the categories first, then the mentor's own words)."""
    categories: list[DeficitCategory] = []
    rest: list[str] = []
    labels = {normalise_search(c.label): c for c in DeficitCategory}
    for part in re.split(r"\s*;\s*", text.strip()):
        if not part:
            continue
        category = labels.get(normalise_search(part))
        if category is not None and category not in categories:
            categories.append(category)
        else:
            rest.append(part)
    return categories, "; ".join(rest)


def parse_difficulty(text: str) -> tuple[DeficitLevel | None, str]:
    """«выражено сильно; нет опыта» → (level, note); «есть» → (None, "")."""
    parts = [p.strip() for p in text.strip().split(";", 1)]
    head = normalise_search(parts[0]) if parts else ""
    for level in DeficitLevel:
        if head == normalise_search(level.label):
            return level, parts[1] if len(parts) > 1 else ""
    if head in {"есть", "да", "+", ""}:
        return None, parts[1] if len(parts) > 1 else ""
    return None, text.strip()


def parse_experience(cell: Cell) -> tuple[str, str | None]:
    if cell is None:
        return "", None
    if isinstance(cell, (int, float)) and not isinstance(cell, bool):
        if cell != cell or cell in (float("inf"), float("-inf")):  # NaN or infinity
            return str(cell), None
        return str(int(cell)), None
    text = _text(cell).casefold()
    if not text or text in {"-", "—"}:
        return "", None
    match = re.match(r"^(\d+)(?:[.,]\d+)?\s*(?:г|л|год|года|лет)?\b", text)
    if match:
        return match.group(1), None
    return text, None


def read_row(
    row_number: int, cells: list[Cell], mapping: dict[int, str]
) -> tuple[PersonDraft, set[str], list[RowProblem]]:
    """The draft a row makes, the fields it gave, and the warnings of conversion."""
    draft = PersonDraft()
    given: set[str] = set()
    problems: list[RowProblem] = []

    def warn(key: str, message: str) -> None:
        problems.append(RowProblem(row_number, key, f"{FIELDS[key]}: {message}", False))

    for col, key in mapping.items():
        if not key:
            continue
        cell = cells[col] if col < len(cells) else None
        text = _text(cell) if not isinstance(cell, (dt.date, dt.datetime)) else ""
        if cell is None or (isinstance(cell, str) and not cell.strip()):
            continue
        given.add(key)
        if key == "full_name":
            draft.last_name, draft.first_name, draft.patronymic = split_full_name(text)
            given.update({"last_name", "first_name", "patronymic"})
        elif key in ("birth_date", "hired_on"):
            value, warning = _date_text(cell)
            if warning:
                warn(key, warning)
                given.discard(key)
            setattr(draft, key, value)
        elif key == "consent":
            if isinstance(cell, (dt.date, dt.datetime, int, float)) or re.search(r"\d", text):
                value, warning = _date_text(cell)
                if warning:
                    warn(key, warning)
                draft.consent_given_on = value
            elif normalise_search(text) in {"нет", "-", "—", "не дано", "отсутствует"}:
                given.discard(key)
            else:
                warn(key, f"«{text}» — не дата; укажите дату согласия в карточке.")
                given.discard(key)
        elif key == "qualification_category":
            category = parse_qualification(text)
            if category is None:
                warn(key, f"«{text}» — не категория (высшая, первая, соответствие, без категории).")
                given.discard(key)
            draft.qualification_category = category
        elif key == "gender":
            gender = parse_gender(text)
            if gender is None:
                warn(key, f"«{text}» — пол указывается буквой «м» или «ж».")
                given.discard(key)
            draft.gender = gender
        elif key == "experience_years":
            draft.experience_years, _ = parse_experience(cell)
        elif key == "role":
            role = parse_role(text)
            if role is None:
                warn(key, f"«{text}» — укажите «наставник» или «наставляемый».")
                given.discard(key)
            else:
                draft.is_mentor, draft.is_mentee = role
        elif key == "mentee_category":
            category = parse_mentee_category(text)
            if category is None:
                warn(key, f"«{text}» — нет такой категории (п. 5.2.3 Положения).")
                given.discard(key)
            else:
                draft.mentee.category = category
                draft.is_mentee = True
        elif key == "request":
            draft.mentee.request = str(cell).strip()
            draft.is_mentee = True
        elif key == "expertise":
            categories, rest = parse_expertise(text)
            draft.mentor.expertise_categories = categories
            draft.mentor.expertise_note = rest
            draft.is_mentor = True
        elif key == "max_mentees":
            draft.mentor.max_mentees, _ = parse_experience(cell)
        elif key == "appointment_consent":
            value = normalise_search(text)
            draft.mentor.appointment_consent = value in {"да", "есть", "+", "имеется", "дано"}
        elif key == "appointment_consent_on":
            draft.mentor.appointment_consent_on, warning = _date_text(cell)
            if warning:
                warn(key, warning)
        elif key.startswith("difficulty_"):
            category = DeficitCategory(key.removeprefix("difficulty_"))
            level, note = parse_difficulty(str(cell))
            if level is not None or note or normalise_search(text) in {"есть", "да", "+"}:
                draft.mentee.difficulties[category] = (level, note)
                draft.is_mentee = True
            else:
                given.discard(key)
        elif key == "phone":
            draft.phone = text
        elif key in ("position", "subjects", "education", "email", "achievements", "notes"):
            setattr(draft, key, str(cell).strip() if key in ("achievements", "notes") else text)
        elif key in ("last_name", "first_name", "patronymic"):
            setattr(draft, key, text)
    if _INITIALS.match(draft.first_name) or _INITIALS.match(
        f"{draft.first_name}{draft.patronymic}"
    ):
        problems.append(
            RowProblem(
                row_number,
                "first_name",
                f"ФИО: вместо имени и отчества инициалы («{draft.first_name}{draft.patronymic}») — "
                "для приказов нужны полные имя и отчество.",
                True,
            )
        )
    return draft, given, problems


_INITIALS = re.compile(r"^[А-ЯЁA-Z]\.\s*([А-ЯЁA-Z]\.?)?$")


# Validation field -> import field, to name the column in a message.
_ERROR_FIELD = {
    "consent_given_on": "consent",
    "consent_withdrawn_on": "consent",
    "mentee_category": "mentee_category",
}
# Draft attributes to clear when their value is wrong (an optional value left empty).
_CLEAR = {
    "birth_date": ("birth_date", ""),
    "hired_on": ("hired_on", ""),
    "experience_years": ("experience_years", ""),
    "phone": ("phone", ""),
    "email": ("email", ""),
    "patronymic": ("patronymic", ""),
    "consent_given_on": ("consent_given_on", ""),
    "consent_withdrawn_on": ("consent_withdrawn_on", ""),
    "max_mentees": ("max_mentees", "2"),
    "appointment_consent_on": ("appointment_consent_on", ""),
    "training_hours": ("training_hours", ""),
    "training_completed_on": ("training_completed_on", ""),
}
_MENTOR_ATTRS = {"max_mentees", "appointment_consent_on", "training_hours", "training_completed_on"}


def validate_lenient(draft: PersonDraft, today: dt.date) -> tuple[ValidPerson, set[str]]:
    """``validate_person`` that lets two things through, noted in the returned set: a gender
    that cannot be told from the name (the card asks for it later) and a mentee without a
    category. The people service needs both for the form; a list rarely has them."""
    try:
        return validate_person(draft, today=today), set()
    except ValidationError as exc:
        soft = set(exc.errors) & {"gender", "mentee_category"}
        if not soft or set(exc.errors) - soft:
            raise
    patched = draft
    if "gender" in soft:
        patched = replace(patched, gender=Gender.FEMALE)
    if "mentee_category" in soft:
        patched = replace(
            patched, mentee=replace(patched.mentee, category=MenteeCategory.OTHER_DIFFICULTIES)
        )
    valid = validate_person(patched, today=today)
    if "gender" in soft:
        valid.values["gender"] = None
    if "mentee_category" in soft and valid.mentee is not None:
        valid.mentee["category"] = None
    return valid, soft


_SOFT_MESSAGES = {
    "gender": "Пол: не удалось определить по ФИО — укажите пол в карточке.",
    "mentee_category": "Категория наставляемого не указана — выберите её в карточке.",
}


def check_row(row: ImportRow, today: dt.date) -> None:
    """Validate with the people service; a wrong optional value is left empty with a warning,
    a wrong or missing name makes the row an error."""
    draft = row.draft
    for _attempt in range(5):
        try:
            row.valid, soft = validate_lenient(draft, today)
        except ValidationError as exc:
            fatal = {k: v for k, v in exc.errors.items() if k in _REQUIRED or k not in _CLEAR}
            fatal = {k: v for k, v in fatal.items() if k not in _SOFT_MESSAGES}
            if fatal:
                for key, message in fatal.items():
                    row.problems.append(
                        RowProblem(row.row, _ERROR_FIELD.get(key, key), message, True)
                    )
                row.valid = None
                return
            for key, message in exc.errors.items():
                if key not in _CLEAR:
                    continue
                field_key = _ERROR_FIELD.get(key, key)
                attr, empty = _CLEAR[key]
                if attr in _MENTOR_ATTRS:
                    draft = replace(draft, mentor=replace(draft.mentor, **{attr: empty}))
                else:
                    draft = replace(draft, **{attr: empty})
                row.given.discard(field_key)
                row.problems.append(
                    RowProblem(row.row, field_key, f"{message} Значение не загружено.", False)
                )
            continue
        for key in sorted(soft):
            row.problems.append(RowProblem(row.row, key, _SOFT_MESSAGES[key], False))
        row.draft = draft
        return
    row.problems.append(RowProblem(row.row, "", "Строку не удалось проверить.", True))
    row.valid = None


# --- matching against the bank -------------------------------------------------------------


def name_key(last: str, first: str, patronymic: str) -> tuple[str, str, str]:
    return (normalise_search(last), normalise_search(first), normalise_search(patronymic))


@dataclass
class _Known:
    id: int
    name: tuple[str, str, str]
    birth: dt.date | None
    email: str
    full_name: str


class _BankIndex:
    def __init__(self, known: Iterable[_Known]) -> None:
        self.by_name: dict[tuple[str, str, str], list[_Known]] = {}
        self.by_email: dict[str, _Known] = {}
        for k in known:
            self.by_name.setdefault(k.name, []).append(k)
            if k.email:
                self.by_email.setdefault(k.email, k)

    def find(
        self, name: tuple[str, str, str], birth: dt.date | None, email: str
    ) -> tuple[_Known | None, str, str | None]:
        """(match, how, problem): the same ФИО and birth date ("birth"), the same ФИО when a
        date is missing on either side ("name"), or the same e-mail ("email")."""
        candidates = self.by_name.get(name, [])
        if birth is not None:
            exact = [c for c in candidates if c.birth == birth]
            if exact:
                return exact[0], "birth", None
            undated = [c for c in candidates if c.birth is None]
            if len(undated) == 1:
                return undated[0], "name", None
        elif len(candidates) == 1:
            return candidates[0], "name", None
        elif len(candidates) > 1:
            return (
                None,
                "",
                "в банке несколько педагогов с таким ФИО — укажите дату рождения, "
                "чтобы понять, кого обновить.",
            )
        if email and email.casefold() in self.by_email:
            return self.by_email[email.casefold()], "email", None
        return None, "", None


def _load_bank(session: Session) -> _BankIndex:
    rows = session.execute(
        select(
            Person.id,
            Person.last_name,
            Person.first_name,
            Person.patronymic,
            Person.birth_date,
            Person.email,
        )
    )
    return _BankIndex(
        _Known(
            r[0],
            name_key(r[1], r[2], r[3]),
            r[4],
            (r[5] or "").casefold(),
            " ".join(x for x in (r[1], r[2], r[3]) if x),
        )
        for r in rows
    )


class _NoLogMarks:
    """Stands in for the database inside ``PeopleService.draft``, which asks the change log
    for the card's last entry (the edit-conflict stamp of a form): one query per card, 10,000
    round trips to a server for a big list. The import compares values only and never saves
    these drafts, so the mark is 0."""

    def session(self) -> _NoLogMarks:
        return self

    def __enter__(self) -> _NoLogMarks:
        return self

    def __exit__(self, *_exc: object) -> None:
        return None

    def scalar(self, *_args: object, **_kwargs: object) -> int:
        return 0


class _Preloaded(PeopleService):
    """PeopleService.draft over people already loaded, to compare many rows at once."""

    def __init__(self, db: Database, persons: dict[int, Person]) -> None:
        super().__init__(_NoLogMarks())  # type: ignore[arg-type]
        self._persons = persons

    def get(self, person_id: int) -> Person:
        return self._persons[person_id]


_LOAD_OPTIONS = (
    selectinload(Person.consents),
    selectinload(Person.mentor_profile),
    selectinload(Person.mentee_profile).selectinload(MenteeProfile.difficulties),
)


def merge_draft(existing: PersonDraft, row: ImportRow) -> PersonDraft:
    """The bank's card with the values the file gave laid over it: an empty cell never wipes
    what the curator already entered."""
    new = row.draft
    merged = replace(existing, mentor=replace(existing.mentor), mentee=replace(existing.mentee))
    simple = {
        "last_name": "last_name",
        "first_name": "first_name",
        "patronymic": "patronymic",
        "birth_date": "birth_date",
        "position": "position",
        "subjects": "subjects",
        "qualification_category": "qualification_category",
        "experience_years": "experience_years",
        "hired_on": "hired_on",
        "education": "education",
        "phone": "phone",
        "email": "email",
        "achievements": "achievements",
        "notes": "notes",
        "consent": "consent_given_on",
        "gender": "gender",
    }
    for key, attr in simple.items():
        if key in row.given and getattr(new, attr) not in ("", None):
            setattr(merged, attr, getattr(new, attr))
    if row.valid is not None:
        # The checked spelling: «иванов» typed in lower case is the bank's «Иванов».
        for attr in ("last_name", "first_name", "patronymic", "position", "subjects"):
            if attr in row.given or (attr != "position" and "full_name" in row.given):
                value = row.valid.values.get(attr)
                if value:
                    setattr(merged, attr, value)
        # «5.3.85» in the file is the bank's «05.03.1985».
        for key, value in (
            ("birth_date", row.valid.values.get("birth_date")),
            ("hired_on", row.valid.values.get("hired_on")),
            ("consent", row.valid.consent[0]),
        ):
            if key in row.given and isinstance(value, dt.date):
                setattr(merged, simple[key], format_date(value))
    # A list adds roles and never takes one away: a mentee named in a list of mentors still
    # has a mentor of their own; ending a role is done in the card.
    merged.is_mentor = existing.is_mentor or new.is_mentor
    mentor_keys = {
        "expertise": ("expertise_categories", "expertise_note"),
        "max_mentees": ("max_mentees",),
        "appointment_consent": ("appointment_consent",),
        "appointment_consent_on": ("appointment_consent_on",),
    }
    for key, attrs in mentor_keys.items():
        if key in row.given:
            for attr in attrs:
                setattr(merged.mentor, attr, getattr(new.mentor, attr))
    given_difficulties = {
        c: v for c, v in new.mentee.difficulties.items() if f"difficulty_{c.value}" in row.given
    }
    if given_difficulties:
        merged.mentee.difficulties = {**existing.mentee.difficulties, **given_difficulties}
    if new.is_mentee:
        merged.is_mentee = True
        if "mentee_category" in row.given and new.mentee.category is not None:
            merged.mentee.category = new.mentee.category
        if "request" in row.given:
            merged.mentee.request = new.mentee.request
    return merged


def _shown(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "да" if value else "нет"
    if isinstance(value, Enum):
        return str(getattr(value, "label", value.value))
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return " ".join(str(value).split())


def _role_text(draft: PersonDraft) -> str:
    pairs = (("наставник", draft.is_mentor), ("наставляемый", draft.is_mentee))
    return ", ".join(name for name, on in pairs if on)


def _difficulty_text(value: tuple[DeficitLevel | None, str] | None) -> str:
    if value is None:
        return ""
    level, note = value
    return "; ".join(p for p in (level.label if level else "есть", note) if p)


# field key -> how to read it from a draft, for «что изменится» and «остаётся»
_DRAFT_VIEW: dict[str, Callable[[PersonDraft], str]] = {
    "last_name": lambda d: d.last_name,
    "first_name": lambda d: d.first_name,
    "patronymic": lambda d: d.patronymic,
    "gender": lambda d: _shown(d.gender),
    "birth_date": lambda d: d.birth_date,
    "position": lambda d: _shown(d.position),
    "subjects": lambda d: _shown(d.subjects),
    "qualification_category": lambda d: _shown(d.qualification_category),
    "experience_years": lambda d: d.experience_years,
    "hired_on": lambda d: d.hired_on,
    "education": lambda d: _shown(d.education),
    "phone": lambda d: d.phone,
    "email": lambda d: d.email,
    "role": _role_text,
    "mentee_category": lambda d: _shown(d.mentee.category) if d.is_mentee else "",
    "request": lambda d: d.mentee.request.strip() if d.is_mentee else "",
    "consent": lambda d: d.consent_given_on,
    "achievements": lambda d: d.achievements.strip(),
    "notes": lambda d: d.notes.strip(),
    "expertise": lambda d: (
        "; ".join(p for p in (_shown(d.mentor.expertise_categories), d.mentor.expertise_note) if p)
        if d.is_mentor
        else ""
    ),
    "max_mentees": lambda d: d.mentor.max_mentees if d.is_mentor else "",
    "appointment_consent": lambda d: _shown(d.mentor.appointment_consent) if d.is_mentor else "",
    "appointment_consent_on": lambda d: d.mentor.appointment_consent_on if d.is_mentor else "",
    **{
        f"difficulty_{c.value}": (
            lambda d, c=c: _difficulty_text(d.mentee.difficulties.get(c)) if d.is_mentee else ""
        )
        for c in DeficitCategory
    },
}
_LABELS = {**FIELDS, "role": "Роль", "expertise": "Наставник: направления"}


def draft_changes(existing: PersonDraft, merged: PersonDraft) -> list[FieldChange]:
    """Every field an update changes in the card, from what to what, in the card's order."""
    changes = []
    for key, view in _DRAFT_VIEW.items():
        old, new = view(existing), view(merged)
        if old != new:
            changes.append(FieldChange(_LABELS[key], old, new))
    return changes


def kept_values(existing: PersonDraft, row: ImportRow, mapped: set[str]) -> list[FieldChange]:
    """Values of the card whose column in the file is empty (or unreadable) in this row:
    they stay as they are, and the preview says so."""
    kept = []
    unreadable = {p.field for p in row.problems if not p.is_error}
    for key in mapped:
        if key in row.given or key not in _DRAFT_VIEW or key in ("full_name",):
            continue
        old = _DRAFT_VIEW[key](existing)
        if old:
            change = FieldChange(_LABELS[key], old, unreadable=key in unreadable)
            kept.append((list(_DRAFT_VIEW).index(key), change))
    return [change for _order, change in sorted(kept, key=lambda k: k[0])]


@dataclass
class ImportPlan:
    table: SourceTable
    guess: HeaderGuess
    rows: list[ImportRow]
    skipped_blank: int = 0
    on_duplicate: str = "update"  # or "skip"

    def count(self, action: RowAction) -> int:
        return sum(1 for r in self.rows if r.action is action)

    @property
    def problems(self) -> list[RowProblem]:
        return [p for r in self.rows for p in r.problems]

    def choose(self, row: ImportRow, action: RowAction) -> bool:
        """The curator's choice for a row that found a card: update it (or leave it, when
        nothing would change), add the row as a new person, or skip it."""
        if action not in row.choices:
            return False
        if action is RowAction.NEW:
            row.valid = row.own_valid
        elif action is RowAction.UPDATE:
            row.valid = row.update_valid
        row.action = action
        return True

    def toggle_update(self, row: ImportRow) -> bool:
        """«обновить» ↔ «пропустить» for one person already in the bank; False if the row is
        not such a person (a new one, an error, a repeat, nothing to change)."""
        if row.action in (RowAction.UPDATE, RowAction.NEW) and row.match_id is not None:
            return self.choose(row, RowAction.SKIP_DUPLICATE)
        if row.action is RowAction.SKIP_DUPLICATE and row.choices:
            return self.choose(row, row.choices[0])
        return False

    @property
    def by_name_only(self) -> list[ImportRow]:
        return [r for r in self.rows if r.by_name_only and r.action is not RowAction.ERROR]

    def choose_for_name_only(self, action: RowAction) -> int:
        """One choice for every row found by name alone; how many rows took it. «Обновить»
        leaves a row with nothing to change as it is."""
        changed = 0
        for row in self.by_name_only:
            wanted = RowAction.SAME if action is RowAction.UPDATE and not row.changes else action
            if row.action is not wanted and self.choose(row, wanted):
                changed += 1
        return changed

    @property
    def to_write(self) -> list[ImportRow]:
        return [r for r in self.rows if r.action in (RowAction.NEW, RowAction.UPDATE)]

    def summary(self) -> str:
        parts = [
            f"добавить: {self.count(RowAction.NEW)}",
            f"обновить: {self.count(RowAction.UPDATE)}",
        ]
        same = self.count(RowAction.SAME)
        if same:
            parts.append(f"без изменений: {same}")
        dup = self.count(RowAction.SKIP_DUPLICATE)
        if dup:
            parts.append(f"уже в банке, пропустить: {dup}")
        repeat = self.count(RowAction.REPEAT)
        if repeat:
            parts.append(f"повторы в файле: {repeat}")
        by_name = len(self.by_name_only)
        if by_name:
            parts.append(f"найдены в банке только по ФИО, без даты рождения: {by_name}")
        errors = self.count(RowAction.ERROR)
        if errors:
            parts.append(f"с ошибками (не загружаются): {errors}")
        warnings = sum(1 for p in self.problems if not p.is_error)
        if warnings:
            parts.append(f"предупреждений: {warnings}")
        return "Строк в файле: {}; {}.".format(len(self.rows), "; ".join(parts))


_MENTORS_SHEET, _MENTEES_SHEET = "Банк наставников", "Банк наставляемых"
_BANK_HEADER_ROW = 3  # 0-based: the export engine's title, «по состоянию на», a blank row


def _combine_banks(tables: list[SourceTable]) -> SourceTable | None:
    """The program's own «Банк наставников и наставляемых» (from another school or an older
    database) as one list: a person on both sheets becomes one row with both roles."""
    sheets = {t.sheet: t for t in tables}
    if not ({_MENTORS_SHEET, _MENTEES_SHEET} & set(sheets)):
        return None
    header: list[str] = []
    people: dict[str, dict[str, Cell]] = {}
    for sheet, role in ((_MENTORS_SHEET, "наставник"), (_MENTEES_SHEET, "наставляемый")):
        table = sheets.get(sheet)
        if table is None or len(table.rows) <= _BANK_HEADER_ROW:
            continue
        names = [_text(c) for c in table.rows[_BANK_HEADER_ROW]]
        if "ФИО" not in names:
            return None
        header += [n for n in names if n and n != "№" and n not in header]
        for cells in table.rows[_BANK_HEADER_ROW + 1 :]:
            if not cells or not isinstance(cells[0], (int, float)):
                continue  # the note under the table
            values = {n: cells[i] for i, n in enumerate(names) if n and i < len(cells)}
            key = normalise_search(_text(values.get("ФИО")))
            if key in people:
                people[key].update({k: v for k, v in values.items() if v not in (None, "")})
                people[key]["Роль"] = f"{people[key]['Роль']}, {role}"
            else:
                people[key] = {**values, "Роль": role}
    if not people:
        return None
    header.append("Роль")
    rows: list[list[Cell]] = [list(header)]
    rows += [[values.get(h) for h in header] for values in people.values()]
    first = tables[0]
    return SourceTable(
        first.path,
        rows,
        sheet=" + ".join(s for s in (_MENTORS_SHEET, _MENTEES_SHEET) if s in sheets),
        fmt=first.fmt,
    )


def load_source(path: Path | str) -> tuple[SourceTable, HeaderGuess]:
    """Read the file and find its header; the sheet with the best-recognised header wins."""
    with without_gc():
        tables = read_table(path, score=header_score)
    table = _combine_banks(tables) or tables[0]
    guess = guess_header(table.rows)
    if guess is None or mapping_problems(guess.mapping):
        sample = " ".join(_text(c) for row in table.rows[:10] for c in row)
        name = Path(path).name
        if looks_garbled(sample):
            raise AppError(
                f"Текст файла «{name}» искажён — похоже, он сохранён в другой кодировке "
                f"(«{sample[:30]}…»). Откройте его в Excel и сохраните как «CSV UTF-8» или "
                "«Книга Excel (.xlsx)»."
            )
        if guess is None:
            raise AppError(
                f"В файле «{name}» не найдена строка заголовков. Нужен хотя бы столбец «ФИО» "
                "(или «Фамилия» и «Имя») в первых 25 строках."
            )
        # A header without a name column: the curator can still pick it in the preview.
    return table, guess


def plan_import(
    db: Database,
    table: SourceTable,
    guess: HeaderGuess,
    *,
    on_duplicate: str = "update",
    today: dt.date | None = None,
    progress: Progress = no_progress,
) -> ImportPlan:
    """Read and check every row and compare with the bank; writes nothing."""
    with without_gc():
        return _plan_import(db, table, guess, on_duplicate, today, progress)


def _plan_import(
    db: Database,
    table: SourceTable,
    guess: HeaderGuess,
    on_duplicate: str,
    today: dt.date | None,
    progress: Progress,
) -> ImportPlan:
    today = today or dt.date.today()
    problems = mapping_problems(guess.mapping)
    if problems:
        raise AppError(" ".join(problems))
    plan = ImportPlan(table, guess, [], on_duplicate=on_duplicate)
    data = table.rows[guess.data_start :]
    total = len(data)
    seen: dict[tuple[Any, ...], ImportRow] = {}
    with db.session() as session:
        bank = _load_bank(session)
        for offset, cells in enumerate(data):
            if offset % 200 == 0 and not progress(offset, total, "Проверка строк"):
                raise ImportCancelled()
            number = guess.data_start + offset + 1
            values = [c for c in cells if c is not None and str(c).strip()]
            if not values:
                plan.skipped_blank += 1
                continue
            if len(values) > 1 and len({_text(v) for v in values}) == 1:
                # A merged caption over the whole width («Начальная школа»): not a person.
                plan.skipped_blank += 1
                continue
            draft, given, conversion = read_row(number, cells, guess.mapping)
            row = ImportRow(number, draft, problems=conversion, given=given)
            if not (draft.last_name or draft.first_name):
                row.problems.append(RowProblem(number, "", "Нет ФИО — строка не загружена.", True))
                row.action = RowAction.ERROR
                plan.rows.append(row)
                continue
            if not row.is_error:
                check_row(row, today)
            plan.rows.append(row)
            if row.valid is None or row.is_error:
                row.valid = None
                row.action = RowAction.ERROR
                continue
            values_ = row.valid.values
            key = name_key(values_["last_name"], values_["first_name"], values_["patronymic"])  # type: ignore[arg-type]
            birth = values_["birth_date"]
            email = str(values_["email"] or "")
            repeat_key = (key, birth) if birth or not email else (key, email.casefold())
            first = seen.get(repeat_key) or (seen.get((key, None)) if birth is None else None)
            if first is not None:
                row.action = RowAction.REPEAT
                row.repeat_of = first.row
                row.problems.append(
                    RowProblem(number, "", f"Повторяет строку {first.row} — пропущена.", False)
                )
                continue
            seen[repeat_key] = row
            match, how, ambiguity = bank.find(key, birth, email)  # type: ignore[arg-type]
            if ambiguity:
                row.action = RowAction.ERROR
                row.problems.append(
                    RowProblem(number, "", ambiguity[:1].upper() + ambiguity[1:], True)
                )
                continue
            row.own_valid = row.valid
            if match is not None:
                row.match_id, row.match_name, row.match_by = match.id, match.full_name, how
                row.action = RowAction.UPDATE
        # Compare every match, also when the curator chose «пропустить»: a row can then be
        # switched back to «обновить» one by one without checking the file again.
        _compare_updates(db, session, plan, today)
        if on_duplicate == "skip":
            for row in plan.rows:
                if row.action is RowAction.UPDATE:
                    row.action = RowAction.SKIP_DUPLICATE
    progress(total, total, "Проверка закончена")
    return plan


def _compare_updates(db: Database, session: Session, plan: ImportPlan, today: dt.date) -> None:
    """An update that changes nothing is shown as such (importing a file twice is a no-op)."""
    rows = [r for r in plan.rows if r.action is RowAction.UPDATE]
    if not rows:
        return
    persons: dict[int, Person] = {}
    ids = [r.match_id for r in rows if r.match_id is not None]
    for start in range(0, len(ids), 500):
        for person in session.scalars(
            select(Person).where(Person.id.in_(ids[start : start + 500])).options(*_LOAD_OPTIONS)
        ):
            persons[person.id] = person
    service = _Preloaded(db, persons)
    mapped = set(plan.guess.mapping.values())
    for row in rows:
        assert row.match_id is not None
        existing = service.draft(row.match_id)
        merged = merge_draft(existing, row)
        row.kept = kept_values(existing, row, mapped)
        row.changes = draft_changes(existing, merged)
        if merged == existing or not row.changes:
            row.action = RowAction.SAME
            continue
        try:
            valid, _soft = validate_lenient(merged, today)
        except ValidationError as exc:
            for key, message in exc.errors.items():
                row.problems.append(RowProblem(row.row, _ERROR_FIELD.get(key, key), message, True))
            row.action = RowAction.ERROR
            continue
        if "experience_years" not in row.given and existing.experience_years:
            # Keep the bank's «stated on» date: re-stating today would shift nothing but
            # would look like a change.
            valid.values.pop("experience_years", None)
            valid.values.pop("experience_as_of", None)
        row.draft, row.valid, row.update_valid = merged, valid, valid


# --- writing -------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: int
    updated: int
    file_name: str

    def message(self) -> str:
        return (
            f"Импорт из «{self.file_name}» выполнен: добавлено {self.created}, "
            f"обновлено {self.updated}."
        )


def _json_value(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Enum):
        return value.value
    return value


def _columns(model: type) -> list[Any]:
    # Child rows keep their ids, so that an undone import leaves the tables as they were.
    # The version counter is not put back: undo is one more change for a form that has the
    # card open (services/concurrency.py), so the counter goes on up.
    skip = {"person_id", "created_at", "updated_at", "mentee_id", "version"}
    if model is Person:
        skip.add("id")
    return [c for c in model.__table__.columns if c.key not in skip]  # type: ignore[attr-defined]


def _from_json(column: Any, value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column.type, Date):
        return dt.date.fromisoformat(value)
    if isinstance(column.type, EnumCode):
        return column.type.enum_class(value)
    return value


def snapshot(person: Person) -> dict[str, Any]:
    """Everything an import may change in a card, as JSON, to put it back on undo."""
    data: dict[str, Any] = {
        "person": {c.key: _json_value(getattr(person, c.key)) for c in _columns(Person)},
        "consents": [
            {c.key: _json_value(getattr(k, c.key)) for c in _columns(PersonalDataConsent)}
            for k in person.consents
        ],
        "mentor": None,
        "mentee": None,
    }
    if person.mentor_profile is not None:
        m = person.mentor_profile
        data["mentor"] = {c.key: _json_value(getattr(m, c.key)) for c in _columns(MentorProfile)}
    if person.mentee_profile is not None:
        mp = person.mentee_profile
        data["mentee"] = {
            **{c.key: _json_value(getattr(mp, c.key)) for c in _columns(MenteeProfile)},
            "difficulties": [
                {c.key: _json_value(getattr(d, c.key)) for c in _columns(MenteeDifficulty)}
                for d in mp.difficulties
            ],
        }
    return data


def _restore_clear(person: Person) -> None:
    """Undo, first pass over all cards: drop the child rows that come back with their old ids
    (one flush for all cards follows, so no new row meets an old one's id or category)."""
    person.consents.clear()
    if person.mentee_profile is not None:
        person.mentee_profile.difficulties.clear()


def _restore(session: Session, person: Person, data: dict[str, Any]) -> None:
    """Undo, second pass: the card as the snapshot has it."""
    for c in _columns(Person):
        setattr(person, c.key, _from_json(c, data["person"].get(c.key)))
    for item in data["consents"]:
        person.consents.append(
            PersonalDataConsent(
                **{c.key: _from_json(c, item.get(c.key)) for c in _columns(PersonalDataConsent)}
            )
        )
    if data["mentor"] is None:
        if person.mentor_profile is not None:
            session.delete(person.mentor_profile)
            person.mentor_profile = None
    else:
        if person.mentor_profile is None:
            person.mentor_profile = MentorProfile()
        for c in _columns(MentorProfile):
            setattr(person.mentor_profile, c.key, _from_json(c, data["mentor"].get(c.key)))
    if data["mentee"] is None:
        if person.mentee_profile is not None:
            session.delete(person.mentee_profile)
            person.mentee_profile = None
    else:
        if person.mentee_profile is None:
            person.mentee_profile = MenteeProfile()
        profile = person.mentee_profile
        for c in _columns(MenteeProfile):
            setattr(profile, c.key, _from_json(c, data["mentee"].get(c.key)))
        for item in data["mentee"]["difficulties"]:
            profile.difficulties.append(
                MenteeDifficulty(
                    **{c.key: _from_json(c, item.get(c.key)) for c in _columns(MenteeDifficulty)}
                )
            )


@contextlib.contextmanager
def without_gc() -> Iterator[None]:
    """Python's cyclic garbage collector paused for one big import step.

    A 10,000-row plan holds hundreds of thousands of small objects; every full collection
    walks all of them while holding the interpreter lock, which froze the window (the import
    runs on a worker thread) for up to a second at a time and cost about a fifth of the run.
    What the import makes is freed by reference counting; the collector resumes afterwards."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextlib.contextmanager
def _one_flush(session: Session) -> Iterator[None]:
    """One flush for all the changed cards instead of one per card.

    ``PeopleService._apply`` flushes after dropping a mentee's old difficulties, which is right
    for one card in the form; over thousands of cards it is a round of SQL and change-log work
    per card. The difficulties it drops and adds are of different categories, so the unique
    (mentee, category) key holds in the single flush that follows. Everything the cards need
    is loaded beforehand, so no lazy load triggers an autoflush in between."""
    session.flush = lambda objects=None: None  # type: ignore[method-assign]
    try:
        yield
    finally:
        del session.flush


def apply_import(db: Database, plan: ImportPlan, progress: Progress = no_progress) -> ImportResult:
    with without_gc():
        return _apply_import(db, plan, progress)


def _apply_import(db: Database, plan: ImportPlan, progress: Progress) -> ImportResult:
    """Write the plan in one transaction; «Отмена» or any error leaves the bank as it was.

    Changed cards go through the people service (their change log and the snapshot for undo
    come with it); new cards, usually nearly all of a big list, are written in bulk."""
    from desktop_app.services.import_bulk import insert_people

    rows = plan.to_write
    total = len(rows)
    if not rows:
        # Nothing to write (the same file again): keep the undo record of the real import.
        return ImportResult(0, 0, plan.table.path.name)
    before: dict[str, Any] = {}
    with db.transaction() as session:
        organisation_id = PeopleService._own_organisation_id(session)
        updates = [r for r in rows if r.action is RowAction.UPDATE]
        new_rows = [r for r in rows if r.action is RowAction.NEW]
        ids = [r.match_id for r in updates]
        persons: dict[int, Person] = {}
        for start in range(0, len(ids), 500):
            for person in session.scalars(
                select(Person)
                .where(Person.id.in_(ids[start : start + 500]))
                .options(*_LOAD_OPTIONS)
            ):
                persons[person.id] = person
        with _one_flush(session):
            for done, row in enumerate(updates):
                if done % 100 == 0 and not progress(done, total, "Запись в базу"):
                    raise ImportCancelled()
                assert row.valid is not None and row.match_id is not None
                person = persons[row.match_id]
                before[str(person.id)] = snapshot(person)
                PeopleService._apply(session, person, row.valid)
                touch(person)  # a card open in a form meanwhile must see the import's change
        session.flush()

        def step(written: int) -> bool:
            return progress(len(updates) + written, total, "Запись в базу")

        if new_rows and not step(0):
            raise ImportCancelled()
        created_ids = insert_people(
            session, organisation_id, [r.valid for r in new_rows if r.valid is not None], step
        )
        if len(created_ids) < len(new_rows) or not progress(total, total, "Сохранение"):
            raise ImportCancelled()
        revision = bump_people_revision(session)
        record = {
            "file": plan.table.path.name,
            "at": dt.datetime.now().isoformat(timespec="seconds"),
            "created": created_ids,
            "updated": before,
            "revision": revision,
        }
        setting = session.get(Setting, UNDO_KEY)
        if setting is None:
            session.add(Setting(key=UNDO_KEY, value=record))
        else:
            setting.value = record
    return ImportResult(len(created_ids), len(before), plan.table.path.name)


@dataclass
class LastImport:
    file: str
    at: dt.datetime
    created: int
    updated: int
    changed_since: bool

    def describe(self) -> str:
        text = (
            f"Импорт из «{self.file}» от {self.at.strftime('%d.%m.%Y %H:%M')}: "
            f"добавлено {self.created}, обновлено {self.updated}."
        )
        if self.changed_since:
            text += (
                " После импорта в банке педагогов были другие изменения: правки в карточках "
                "загруженных педагогов тоже будут отменены."
            )
        return text


def last_import(db: Database) -> LastImport | None:
    with db.session() as session:
        setting = session.get(Setting, UNDO_KEY)
        if setting is None or not setting.value:
            return None
        record = setting.value
        revision = session.get(Setting, REVISION_KEY)
        current = revision.value if revision else None
    return LastImport(
        record["file"],
        dt.datetime.fromisoformat(record["at"]),
        len(record["created"]),
        len(record["updated"]),
        current != record.get("revision"),
    )


# Rows that belong to the card itself and go with it; anything else that points at a person
# (a pair, a route, a program) is the curator's later work that undo must not delete.
_CARD_TABLES = {
    "person",
    "personal_data_consent",
    "mentor_profile",
    "mentee_profile",
    "mentee_difficulty",
    "declension_correction",
}
_PERSON_KEYS = {"person.id", "mentor_profile.person_id", "mentee_profile.person_id"}


def _refuse_if_used(session: Session, person_ids: list[int]) -> None:
    from sqlalchemy import func

    from desktop_app.models import Base
    from desktop_app.services.import_bulk import among

    if not person_ids:
        return
    dialect = session.get_bind().dialect.name
    for table in Base.metadata.sorted_tables:
        if table.name in _CARD_TABLES:
            continue
        for fk in table.foreign_keys:
            if fk.target_fullname not in _PERSON_KEYS:
                continue
            used = 0
            for start in range(0, len(person_ids), 500):
                used += (
                    session.scalar(
                        select(func.count())
                        .select_from(table)
                        .where(among(fk.parent, person_ids[start : start + 500], dialect))
                    )
                    or 0
                )
            if used:
                raise AppError(
                    "Импорт нельзя отменить целиком: загруженные педагоги уже участвуют в "
                    f"дальнейшей работе (пары, маршруты, программы — связанных записей: {used}). "
                    "Лишних "
                    "педагогов можно перенести в архив вручную."
                )


def undo_last_import(db: Database) -> str:
    """Remove the people the last import added and put back the cards it changed."""
    with without_gc():
        return _undo_last_import(db)


def _undo_last_import(db: Database) -> str:
    from desktop_app.services.import_bulk import delete_people

    try:
        with db.transaction() as session:
            setting = session.get(Setting, UNDO_KEY)
            if setting is None or not setting.value:
                raise AppError("Нет импорта, который можно отменить.")
            record = setting.value
            created = record["created"]
            _refuse_if_used(session, created)
            delete_people(session, created)
            updated = {int(k): v for k, v in record["updated"].items()}
            ids = list(updated)
            persons: list[Person] = []
            for start in range(0, len(ids), 500):
                persons += session.scalars(
                    select(Person)
                    .where(Person.id.in_(ids[start : start + 500]))
                    .options(*_LOAD_OPTIONS)
                )
            for person in persons:
                _restore_clear(person)
            session.flush()
            for person in persons:
                _restore(session, person, updated[person.id])
                touch(person)
            session.flush()
            bump_people_revision(session)
            session.delete(setting)
    except IntegrityError:
        raise AppError(
            "Импорт нельзя отменить: загруженные педагоги уже включены в пары, программы "
            "или документы. Перенесите лишних педагогов в архив вручную."
        ) from None
    return (
        f"Импорт из «{record['file']}» отменён: удалено добавленных — {len(created)}, "
        f"восстановлено прежних карточек — {len(updated)}."
    )
