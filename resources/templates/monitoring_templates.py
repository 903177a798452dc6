"""Templates of the monitoring documents (issue 8), run by make_templates.py.

analytical-report.docx — аналитическая справка о реализации системы наставничества;
honour-board.docx — доска почёта наставников (seed 002, 6.3);
order-reward.docx — приказ о поощрении участников наставнической деятельности (seed 003, 3.4);
questionnaire.docx — бланк анкеты для заполнения от руки.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from make_templates import (  # type: ignore[import-not-found]
    CENTER,
    LEFT,
    fill_line,
    letterhead,
    para,
    signature,
    tag,
    title,
)


def analytical_report(doc) -> None:  # type: ignore[no-untyped-def]
    para(doc, "{{ org.full_name }}", align=CENTER, indent=False, bold=True)
    para(doc, "({{ org.short_name }})", align=CENTER, indent=False)
    para(doc, "АНАЛИТИЧЕСКАЯ СПРАВКА", align=CENTER, indent=False, bold=True, space_before=18)
    para(
        doc,
        "о реализации системы наставничества педагогических работников за {{ period }}",
        align=CENTER,
        indent=False,
        bold=True,
        space_after=12,
    )
    para(doc, "{{ org.place }}, {{ date }}", align=LEFT, indent=False, space_after=12)
    tag(doc, "{%p for p in intro %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for s in sections %}")
    para(doc, "{{ loop.index }}. {{ s.title }}", bold=True, indent=False, space_before=12)
    tag(doc, "{%p for p in s.text %}")
    para(doc, "{{ p }}")
    tag(doc, "{%p endfor %}")
    para(doc, "{{ s.table }}", indent=False, align=LEFT)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if charts %}")
    para(doc, "Диаграммы", bold=True, indent=False, space_before=12)
    tag(doc, "{%p for c in charts %}")
    para(doc, "{{ c.image }}", align=CENTER, indent=False, space_before=6)
    para(doc, "Рисунок {{ loop.index }}. {{ c.title }}", align=CENTER, indent=False, space_after=6)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(doc, "Выводы", bold=True, indent=False, space_before=12)
    para(doc, "Достигнуто:", indent=False)
    tag(doc, "{%p for x in successes %}")
    para(doc, "– {{ x }}")
    tag(doc, "{%p endfor %}")
    para(doc, "Выявленные проблемы и что предлагается сделать:", indent=False, space_before=6)
    tag(doc, "{%p for x in problems %}")
    # The last lines of the text stay on the signature's page (the loop tag itself vanishes).
    para(doc, "– {{ x }}").paragraph_format.keep_with_next = True
    tag(doc, "{%p endfor %}")
    signature(doc, "Куратор наставничества", "{{ curator_signature }}")


def honour_board(doc) -> None:  # type: ignore[no-untyped-def]
    para(doc, "{{ org.full_name }}", align=CENTER, indent=False, bold=True)
    para(doc, "ДОСКА ПОЧЁТА НАСТАВНИКОВ", align=CENTER, indent=False, bold=True, space_before=18)
    para(
        doc,
        "для раздела «Наставничество» официального сайта, {{ period }}",
        align=CENTER,
        indent=False,
        space_after=12,
    )
    para(
        doc,
        "{{ org.short_name }} благодарит педагогов-наставников, которые помогают коллегам "
        "войти в профессию, преодолеть профессиональные затруднения и вырасти в мастерстве.",
    )
    tag(doc, "{%p for m in mentors %}")
    para(doc, "{{ m.name }}", bold=True, indent=False, space_before=12)
    para(doc, "{{ m.about }}", indent=False)
    tag(doc, "{%p for line in m.lines %}")
    para(doc, "{{ line }}", indent=False)
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if not mentors %}")
    para(doc, "За этот период нет наставников с завершёнными или действующими программами.")
    tag(doc, "{%p endif %}")


def order_reward(doc) -> None:  # type: ignore[no-untyped-def]
    letterhead(doc, "ПРИКАЗ")
    title(doc, "О поощрении участников наставнической деятельности")
    para(
        doc,
        "В соответствии с Положением о системе наставничества педагогических работников "
        "{{ org.short_name }}, по итогам мониторинга реализации персонализированных программ "
        "наставничества за {{ period }}, в целях повышения статуса наставника и публичного "
        "признания его заслуг",
    )
    para(doc, "ПРИКАЗЫВАЮ:", indent=False, space_before=6, space_after=6)
    para(
        doc,
        "1. Объявить благодарность за высокие результаты наставнической деятельности:",
    )
    tag(doc, "{%p for m in thanked %}")
    para(doc, "– {{ m.name }}, {{ m.position }}{{ m.reason }}{{ '.' if loop.last else ';' }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if recommended %}")
    para(
        doc,
        "2. Рекомендовать к представлению к награждению ведомственной наградой Министерства "
        "просвещения Российской Федерации — нагрудным знаком «Почётный наставник»:",
    )
    tag(doc, "{%p for m in recommended %}")
    para(doc, "– {{ m.name }}, {{ m.position }}{{ m.reason }}{{ '.' if loop.last else ';' }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    para(
        doc,
        "{{ n_contest }}. Учитывать наставническую деятельность перечисленных педагогов при "
        "выдвижении на профессиональные конкурсы, в том числе в качестве членов жюри.",
    )
    para(
        doc,
        "{{ n_board }}. Куратору наставничества разместить сведения о наставниках на доске "
        "почёта наставников в разделе «Наставничество» официального сайта.",
    )
    para(doc, "{{ n_control }}. Контроль за исполнением настоящего приказа оставляю за собой.")
    signature(doc)


def questionnaire(doc) -> None:  # type: ignore[no-untyped-def]
    tag(doc, "{%p for q in forms %}")
    tag(doc, "{%p if loop.first %}")
    para(doc, "{{ org.short_name }}", align=CENTER, indent=False)
    tag(doc, "{%p else %}")
    para(
        doc, "{{ org.short_name }}", align=CENTER, indent=False
    ).paragraph_format.page_break_before = True
    tag(doc, "{%p endif %}")
    para(
        doc, "{{ q.title }}", align=CENTER, indent=False, bold=True, space_before=12, space_after=12
    )
    fill_line(doc, "ФИО: ")
    fill_line(doc, "Дата заполнения: ")
    para(
        doc,
        "Оцените каждое утверждение от 1 до 10, где 1 — «совсем нет», 10 — «полностью да»: "
        "обведите одно число.",
        space_before=6,
        space_after=6,
    )
    tag(doc, "{%p for x in q.questions %}")
    para(doc, "{{ loop.index }}. {{ x.text }}", indent=False, space_before=6)
    tag(doc, "{%p if x.scale %}")
    para(doc, "1    2    3    4    5    6    7    8    9    10", align=CENTER, indent=False)
    tag(doc, "{%p else %}")
    fill_line(doc)
    fill_line(doc)
    fill_line(doc)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    para(doc, "Спасибо за ответы!", indent=False, space_before=12)
    tag(doc, "{%p endfor %}")


TEMPLATES = {
    "analytical-report.docx": (analytical_report, True),
    "honour-board.docx": (honour_board, True),
    "order-reward.docx": (order_reward, True),
    "questionnaire.docx": (questionnaire, False),
}
