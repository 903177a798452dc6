"""``nastavnik routes --db PATH [--year 2026/2027] [--date ДД.ММ.ГГГГ]``: the routes (ИОМ) of
the school with their progress, and what is due this academic year. The documents themselves
come from ``nastavnik export route`` (one .docx per route) and ``export routes`` (.xlsx)."""

from __future__ import annotations

import argparse
import datetime as dt

from desktop_app.cli import _print, register
from desktop_app.commands.export import _date, _open
from desktop_app.errors import AppError


def _year(text: str) -> int:
    from desktop_app.services.routes import parse_start_year
    from desktop_app.services.validation import FieldError

    try:
        return parse_start_year(text, dt.date.today())
    except FieldError as exc:
        raise argparse.ArgumentTypeError(exc.message.replace("Начало маршрута", "Год")) from exc


@register("routes", "индивидуальные образовательные маршруты (ИОМ): список и выполнение")
def _configure_routes(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--year", type=_year, help="учебный год, например 2026/2027 (маршруты, идущие в этом году)"
    )
    parser.add_argument("--date", type=_date, help="на дату ДД.ММ.ГГГГ (по умолчанию сегодня)")
    parser.add_argument("--archive", action="store_true", help="показать и маршруты из архива")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.models.route import academic_year_label
        from desktop_app.services.routes import RouteService, academic_year_of, plan_item_when

        today = args.date or dt.date.today()
        db = _open(args)
        try:
            service = RouteService(db)
            rows = service.rows(year=args.year, include_archived=args.archive, today=today)
            if not rows:
                raise AppError("Маршрутов (ИОМ) нет — составьте их в разделе «Маршруты (ИОМ)».")
            current = academic_year_label(academic_year_of(today))
            for row in rows:
                _print(
                    f"{row.full_name} — {row.period}, {row.year_of_route}, {row.status.label}; "
                    f"выполнено {row.progress}, корректировок: {row.corrections}"
                    + (" [архив]" if row.archived else "")
                )
                for p in row.deficits:
                    outcome = f"; итог: {p.outcome.label}" if p.outcome else ""
                    _print(f"    дефицит «{p.category.label}»: {p.done} из {p.planned}{outcome}")
                for m in service.due_this_year(row.id, today):
                    when = plan_item_when(
                        {"academic_year": m.academic_year, "term": m.term.value if m.term else None}
                    )
                    _print(f"    {current}: {m.title} ({when}) — {m.status.label}")
        finally:
            db.close()
        return 0

    parser.set_defaults(run=run)
