"""``nastavnik roadmap …``: the roadmap from the command line (list, show, create, mark done)."""

from __future__ import annotations

import argparse
import datetime as dt

from desktop_app.cli import _print, database_options, register
from desktop_app.commands.export import _date, _open
from desktop_app.services.validation import format_date


@register("roadmap", "дорожная карта: список, мероприятия со сроками, создание из шаблона")
def _configure(parser: argparse.ArgumentParser) -> None:
    sub = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    # Each action takes --db/--db-url too: «roadmap list --db ФАЙЛ», as the README writes it.
    common = [database_options()]
    sub.add_parser("templates", help="шаблоны дорожной карты", parents=common)
    sub.add_parser("list", help="дорожные карты базы и их выполнение", parents=common)
    show = sub.add_parser("show", help="мероприятия со сроками и состоянием", parents=common)
    show.add_argument("--id", type=int, help="номер дорожной карты (по умолчанию текущая)")
    show.add_argument("--date", type=_date, help="на дату ДД.ММ.ГГГГ (по умолчанию сегодня)")
    show.add_argument("--overdue", action="store_true", help="только просроченные")
    create = sub.add_parser("create", help="создать из шаблона на учебный год", parents=common)
    create.add_argument("--template", default="school", help="ключ шаблона (см. templates)")
    create.add_argument("--year", type=int, required=True, help="первый год: 2026 = 2026/2027")
    create.add_argument("--years", type=int, default=1, help="на сколько учебных лет")
    next_year = sub.add_parser("next-year", help="копия на следующий учебный год", parents=common)
    next_year.add_argument("--id", type=int, required=True)
    done = sub.add_parser("done", help="отметить мероприятие выполненным", parents=common)
    done.add_argument("--item", type=int, required=True, help="номер мероприятия (из show)")
    done.add_argument("--date", type=_date, help="дата выполнения (по умолчанию сегодня)")
    done.add_argument("--note", help="примечание")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.roadmap import ItemStatus, RoadmapService, list_templates

        if args.action == "templates":
            for template in list_templates():
                _print(f"{template.key}\t{template.name}")
            return 0
        db = _open(args)
        try:
            service = RoadmapService(db)
            if args.action == "list":
                for s in service.list():
                    counts = ", ".join(f"{k.label}: {v}" for k, v in s.counts.items() if v)
                    _print(f"{s.id}\t{s.period_label}\t{s.title}\t{counts}")
            elif args.action == "show":
                today = args.date or dt.date.today()
                roadmap_id = args.id or service.current_id(today)
                if roadmap_id is None:
                    _print("Дорожных карт нет. Создайте: nastavnik roadmap create --year ГГГГ")
                    return 1
                for row in service.rows(roadmap_id, today):
                    if row.is_section:
                        if not args.overdue:
                            _print(f"{row.number}. {row.title}")
                        continue
                    if args.overdue and row.status is not ItemStatus.OVERDUE:
                        continue
                    due = f" (срок {format_date(row.due)})" if row.due else ""
                    done_on = f", выполнено {format_date(row.done_on)}" if row.done_on else ""
                    _print(
                        f"  {row.number}\t[{row.id}] {row.title}\t{row.deadline_label}\t"
                        f"{row.status_label}{due}{done_on}"
                    )
            elif args.action == "create":
                roadmap_id = service.create_from_template(
                    args.template, args.year, years=args.years
                )
                _print(f"Создана дорожная карта № {roadmap_id}: {service.get(roadmap_id).title}")
            elif args.action == "next-year":
                roadmap_id = service.copy_to_next_year(args.id)
                _print(f"Создана дорожная карта № {roadmap_id}: {service.get(roadmap_id).title}")
            elif args.action == "done":
                service.mark_done(args.item, args.date or dt.date.today(), args.note)
                _print("Отметка о выполнении сохранена.")
        finally:
            db.close()
        return 0

    parser.set_defaults(run=run)
