"""The library of typical activities a curator picks from instead of starting on an empty page.

Drawn from the seeds: the mentor's duties of seed 000, 5.2.2 (ввести в должность, консультировать
по проведению занятий, посещать уроки и совместно устранять ошибки, готовить к конкурсам
профессионального мастерства), the forms of stage VI of seed 002 and the deficit categories of
seed 003, 4.2.2. Every entry is only a starting point: the wizard copies it into the plan where
the curator edits the wording, the deadline and the responsible person.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from desktop_app.models import DeficitCategory

# The forms of work named in the issue and the seeds; the plan accepts any other typed form.
ACTIVITY_FORMS = [
    "консультация",
    "посещение урока",
    "взаимопосещение уроков",
    "открытый урок",
    "мастер-класс",
    "совместная разработка",
    "самообразование",
    "участие в конкурсе",
    "семинар, вебинар",
    "курсы повышения квалификации",
    "беседа, встреча",
    "диагностика, анкетирование",
]

MENTOR = "наставник"
MENTEE = "наставляемый"
BOTH = "наставник, наставляемый"
CURATOR = "куратор"


@dataclass(frozen=True)
class ActivityTemplate:
    content: str
    form: str
    expected_result: str
    responsible: str = BOTH
    # Where in the program it usually falls: 0.0 — the first weeks, 1.0 — the last.
    when: float = 0.5
    category: str = ""  # a DeficitCategory code; "" for the activities every program has


# Every program opens and closes the same way (seed 000, 5.2.2: «вводить в должность»,
# «подводить итоги профессиональной адаптации»).
COMMON: list[ActivityTemplate] = [
    ActivityTemplate(
        "Знакомство наставника и наставляемого, диагностика профессиональных затруднений, "
        "согласование программы",
        "диагностика, анкетирование",
        "Выявлены затруднения и сильные стороны, программа согласована",
        BOTH,
        0.0,
    ),
    ActivityTemplate(
        "Знакомство с организацией, локальными актами, правилами внутреннего трудового "
        "распорядка, требованиями охраны труда",
        "беседа, встреча",
        "Наставляемый знает локальные акты и требования к своей должности",
        MENTOR,
        0.02,
    ),
    ActivityTemplate(
        "Промежуточное обсуждение хода программы с куратором, корректировка плана",
        "беседа, встреча",
        "План скорректирован с учётом достигнутого",
        CURATOR,
        0.5,
    ),
    ActivityTemplate(
        "Подведение итогов программы: самоанализ наставляемого, отчёт наставника",
        "беседа, встреча",
        "Отчёт наставника, выводы наставляемого",
        BOTH,
        1.0,
    ),
]

_C = DeficitCategory

BY_CATEGORY: dict[DeficitCategory, list[ActivityTemplate]] = {
    _C.SCIENTIFIC: [
        ActivityTemplate(
            "Подбор и изучение научно-методической литературы по теме самообразования",
            "самообразование",
            "Составлен список литературы, конспект основных идей",
            MENTEE,
            0.2,
        ),
        ActivityTemplate(
            "Выбор и обоснование темы самообразования, составление плана работы над ней",
            "консультация",
            "Утверждён план работы по теме самообразования",
            BOTH,
            0.15,
        ),
        ActivityTemplate(
            "Подготовка выступления на заседании методического объединения по теме самообразования",
            "совместная разработка",
            "Выступление на заседании ШМО",
            BOTH,
            0.85,
        ),
    ],
    _C.LEGAL: [
        ActivityTemplate(
            "Изучение ФГОС, ФОП и локальных актов организации (положение о текущем контроле, "
            "о рабочей программе)",
            "консультация",
            "Наставляемый применяет требования нормативных документов в работе",
            MENTOR,
            0.05,
        ),
        ActivityTemplate(
            "Ведение школьной документации: рабочая программа, электронный журнал, "
            "отчёты классного руководителя",
            "консультация",
            "Документация ведётся без замечаний",
            MENTOR,
            0.15,
        ),
        ActivityTemplate(
            "Подготовка к аттестации: требования, порядок, портфолио",
            "консультация",
            "Собрано портфолио для аттестации",
            BOTH,
            0.7,
        ),
    ],
    _C.SUBJECT: [
        ActivityTemplate(
            "Разбор трудных тем предмета, подбор заданий для подготовки к ВПР/ОГЭ/ЕГЭ",
            "консультация",
            "Банк заданий по трудным темам",
            MENTOR,
            0.3,
        ),
        ActivityTemplate(
            "Подготовка обучающихся к предметной олимпиаде",
            "совместная разработка",
            "Обучающиеся наставляемого участвуют в олимпиаде",
            BOTH,
            0.45,
        ),
        ActivityTemplate(
            "Анализ результатов контрольных работ, планирование коррекционной работы",
            "совместная разработка",
            "План коррекции пробелов в знаниях обучающихся",
            BOTH,
            0.6,
        ),
    ],
    _C.PSYCHOLOGICAL: [
        ActivityTemplate(
            "Приёмы организации дисциплины и мотивации обучающихся на уроке",
            "консультация",
            "Наставляемый применяет приёмы управления классом",
            MENTOR,
            0.15,
        ),
        ActivityTemplate(
            "Подготовка и проведение родительского собрания",
            "совместная разработка",
            "Проведено родительское собрание, протокол",
            BOTH,
            0.35,
        ),
        ActivityTemplate(
            "Консультация педагога-психолога: работа с обучающимися с особыми "
            "образовательными потребностями",
            "консультация",
            "Индивидуальный подход к обучающимся с ООП",
            "педагог-психолог",
            0.5,
        ),
    ],
    _C.METHODICAL: [
        ActivityTemplate(
            "Посещение уроков наставника: приёмы организации урока, этапы урока",
            "посещение урока",
            "Наставляемый применяет увиденные приёмы",
            MENTEE,
            0.1,
        ),
        ActivityTemplate(
            "Посещение уроков наставляемого, анализ и совместное устранение ошибок",
            "посещение урока",
            "Анализ уроков, рекомендации наставника",
            MENTOR,
            0.3,
        ),
        ActivityTemplate(
            "Составление технологической карты урока, разработка системы оценивания",
            "совместная разработка",
            "Технологические карты уроков",
            BOTH,
            0.25,
        ),
        ActivityTemplate(
            "Проведение открытого урока наставляемым",
            "открытый урок",
            "Открытый урок, самоанализ урока",
            MENTEE,
            0.8,
        ),
    ],
    _C.DIGITAL: [
        ActivityTemplate(
            "Работа в электронном журнале и на платформе «Сферум»",
            "мастер-класс",
            "Наставляемый самостоятельно работает в электронных сервисах",
            MENTOR,
            0.1,
        ),
        ActivityTemplate(
            "Применение цифровых образовательных ресурсов (ФГИС «Моя школа», РЭШ) на уроке",
            "мастер-класс",
            "Урок с использованием ЦОР",
            BOTH,
            0.4,
        ),
        ActivityTemplate(
            "Создание интерактивных заданий и онлайн-тестов",
            "совместная разработка",
            "Комплект интерактивных заданий",
            BOTH,
            0.55,
        ),
    ],
    _C.EXTRACURRICULAR: [
        ActivityTemplate(
            "Планирование воспитательной работы с классом, классный час",
            "консультация",
            "План воспитательной работы, проведённый классный час",
            BOTH,
            0.2,
        ),
        ActivityTemplate(
            "Совместная подготовка внеурочного мероприятия",
            "совместная разработка",
            "Проведённое внеурочное мероприятие",
            BOTH,
            0.5,
        ),
        ActivityTemplate(
            "Разработка программы курса внеурочной деятельности",
            "совместная разработка",
            "Программа курса внеурочной деятельности",
            BOTH,
            0.65,
        ),
    ],
    _C.HEALTH: [
        ActivityTemplate(
            "Здоровьесберегающие технологии на уроке: физкультминутки, смена видов деятельности",
            "мастер-класс",
            "Наставляемый применяет здоровьесберегающие приёмы",
            MENTOR,
            0.3,
        ),
        ActivityTemplate(
            "Инструктажи по охране труда и безопасности обучающихся",
            "консультация",
            "Инструктажи проводятся и оформляются правильно",
            MENTOR,
            0.05,
        ),
    ],
}

# Growth beyond the difficulties: the strengths the program supports (seed 000, 1.3; 4.3.4).
GROWTH: list[ActivityTemplate] = [
    ActivityTemplate(
        "Подготовка к участию в конкурсе профессионального мастерства",
        "участие в конкурсе",
        "Участие в конкурсе, диплом или сертификат",
        BOTH,
        0.75,
    ),
    ActivityTemplate(
        "Участие в работе методического объединения, вебинарах",
        "семинар, вебинар",
        "Сертификаты участия",
        MENTEE,
        0.6,
    ),
    ActivityTemplate(
        "Обучение на курсах повышения квалификации по запросу наставляемого",
        "курсы повышения квалификации",
        "Удостоверение о повышении квалификации",
        MENTEE,
        0.7,
    ),
]


def templates_for(categories: list[DeficitCategory]) -> list[ActivityTemplate]:
    """The library as the wizard shows it: the chosen categories first, then the rest."""
    chosen = [c for c in DeficitCategory if c in categories]
    others = [c for c in DeficitCategory if c not in categories]
    result = list(COMMON)
    for category in chosen + others:
        result.extend(
            ActivityTemplate(**{**t.__dict__, "category": category.value})
            for t in BY_CATEGORY.get(category, [])
        )
    result.extend(GROWTH)
    return result


def suggested_plan(categories: list[DeficitCategory]) -> list[ActivityTemplate]:
    """A first plan: the common activities plus the library entries of the targeted
    difficulties, in the order they fall in the program."""
    picked = list(COMMON)
    for category in DeficitCategory:
        if category in categories:
            picked.extend(
                ActivityTemplate(**{**t.__dict__, "category": category.value})
                for t in BY_CATEGORY.get(category, [])[:2]
            )
    return sorted(picked, key=lambda t: t.when)


def deadline_in(start: dt.date, end: dt.date, when: float) -> dt.date:
    """A deadline at share ``when`` of the program, moved off Saturday and Sunday."""
    span = (end - start).days
    day = start + dt.timedelta(days=round(span * max(0.0, min(1.0, when))))
    while day.weekday() >= 5:
        day -= dt.timedelta(days=1)
    return max(day, start)


# How results are usually evaluated (seed 003, section 5: monitoring in two stages).
DEFAULT_EVALUATION_METHODS = (
    "Анализ выполнения плана мероприятий и продуктов деятельности наставляемого; "
    "посещение и анализ уроков; анкетирование наставляемого (в начале и в конце программы); "
    "динамика образовательных результатов обучающихся наставляемого; отчёт наставника."
)
