"""``nastavnik programs``: the programs with their progress, or only the overdue activities.

The documents come from ``nastavnik export program|mentor-report|programs-status``; a program
is chosen there by one of its people (``--person ID``: the mentor or a mentee).
"""

from __future__ import annotations

import argparse
import datetime as dt

from desktop_app.cli import _print, register
from desktop_app.commands.export import _date, _open


@register("programs", "программы наставничества: выполнение планов, просроченные мероприятия")
def _configure_programs(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--date", type=_date, help="на дату ДД.ММ.ГГГГ (по умолчанию сегодня)")
    parser.add_argument("--overdue", action="store_true", help="только просроченные мероприятия")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.programs import ProgramService
        from desktop_app.services.validation import format_date

        today = args.date or dt.date.today()
        db = _open(args)
        try:
            service = ProgramService(db)
            if args.overdue:
                items = service.overdue(today)
                for item in items:
                    _print(
                        f"{format_date(item.due_on)}\t{item.mentor} → {item.mentees}\t"
                        f"{item.content}"
                    )
                _print(f"Просрочено мероприятий: {len(items)}")
                return 0
            rows = service.rows(today)
            for row in rows:
                state = row.progress
                _print(
                    f"{row.id}\t{row.mentor} → {row.mentees}\t{row.period}\t{row.status.label}\t"
                    f"выполнено {state.done} из {state.total - state.cancelled} "
                    f"({state.percent} %)\tпросрочено {state.overdue}"
                )
            _print(f"Программ: {len(rows)}")
        finally:
            db.close()
        return 0

    parser.set_defaults(run=run)
