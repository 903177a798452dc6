"""Domain enumerations, each value with its Russian label in one place.

Values stored in the database are the short English codes (stable across wording changes);
labels are what the curator reads, taken verbatim from the seed documents.
"""

from __future__ import annotations

import enum


class LabelledEnum(str, enum.Enum):
    """A str enum whose members carry a Russian label: ``Member = ("code", "Метка")``."""

    label: str

    def __new__(cls, code: str, label: str) -> LabelledEnum:
        obj = str.__new__(cls, code)
        obj._value_ = code
        obj.label = label
        return obj

    def __str__(self) -> str:
        return self.label

    @classmethod
    def from_label(cls, label: str) -> LabelledEnum:
        for member in cls:
            if member.label == label:
                return member
        raise ValueError(label)


class Gender(LabelledEnum):
    MALE = ("male", "мужской")
    FEMALE = ("female", "женский")


class QualificationCategory(LabelledEnum):
    HIGHEST = ("highest", "высшая")
    FIRST = ("first", "первая")
    CONFORMITY = ("conformity", "соответствие занимаемой должности")
    NONE = ("none", "без категории")


class MenteeCategory(LabelledEnum):
    """Who may be a mentee: seed 000, 5.2.3."""

    YOUNG_TEACHER = ("young", "молодой педагог")
    AFTER_BREAK = ("after_break", "приступил к работе после длительного перерыва")
    NEW_PLACE = ("new_place", "адаптация на новом месте работы")
    WANTS_GROWTH = ("growth", "желает повысить уровень в определённом направлении")
    WANTS_DIGITAL = ("digital", "желает овладеть ИТ/цифровыми навыками")
    BURNOUT = ("burnout", "профессиональное/эмоциональное выгорание")
    OTHER_DIFFICULTIES = ("other", "иные профессиональные затруднения")
    TRAINEE = ("trainee", "стажёр/студент по договору")


class DeficitCategory(LabelledEnum):
    """The 8 categories of professional deficits: seed 003, 4.2.2."""

    SCIENTIFIC = ("scientific", "научно-теоретические")
    LEGAL = ("legal", "нормативные правовые")
    SUBJECT = ("subject", "предметно-профессиональные")
    PSYCHOLOGICAL = ("psychological", "психолого-педагогические")
    METHODICAL = ("methodical", "методические")
    DIGITAL = ("digital", "ИКТ-компетенции и цифровизация")
    EXTRACURRICULAR = ("extracurricular", "внеурочная и воспитательная деятельность")
    HEALTH = ("health", "здоровьесбережение обучающихся")


class DeficitLevel(LabelledEnum):
    LOW = ("low", "выражено слабо")
    MEDIUM = ("medium", "выражено умеренно")
    HIGH = ("high", "выражено сильно")


class ConsentState(LabelledEnum):
    """Personal-data consent (152-ФЗ) as of today; derived from the consent records."""

    GIVEN = ("given", "согласие есть")
    WITHDRAWN = ("withdrawn", "согласие отозвано")
    MISSING = ("missing", "нет согласия")


class Role(LabelledEnum):
    MENTOR = ("mentor", "наставник")
    MENTEE = ("mentee", "наставляемый")
    NONE = ("none", "без роли")
