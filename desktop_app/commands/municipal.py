"""``nastavnik municipal import|schools|summary|demo-files``: the municipal summary from the
command line — take in the files schools sent, see who sent what, write the summary documents."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop_app.cli import _db_path, _print, _server_text, database_options, register
from desktop_app.commands.export import _date, _open
from desktop_app.errors import AppError


def _period(db, text: str | None):  # type: ignore[no-untyped-def]
    from desktop_app.services import indicators as ind
    from desktop_app.services.municipal_summary import periods

    if text:
        try:
            return ind.parse_period(text)
        except ValueError as exc:
            raise AppError(str(exc)) from None
    known = periods(db)
    if not known:
        raise AppError(
            "В базе нет файлов от школ. Загрузите их: nastavnik municipal import ФАЙЛЫ --db БАЗА"
        )
    return known[0]


@register("municipal", "муниципальный свод: загрузить файлы школ, свод .xlsx и справка .docx")
def _configure(parser: argparse.ArgumentParser) -> None:
    common = database_options()
    sub = parser.add_subparsers(dest="action", metavar="ДЕЙСТВИЕ", required=True)
    take = sub.add_parser(
        "import",
        help="загрузить файлы школ: .xlsx, папки, .zip и письма .eml «Пакета для отправки»",
        parents=[common],
    )
    take.add_argument("files", nargs="+", metavar="ФАЙЛ")
    listing = sub.add_parser(
        "schools", help="школы: что прислали за период и чего нет", parents=[common]
    )
    listing.add_argument("--period", help="2026-Q3, 2025/2026 или 01.09.2025-31.12.2025")
    summary = sub.add_parser(
        "summary", help="свод .xlsx и аналитическая справка .docx", parents=[common]
    )
    summary.add_argument("--period", help="по умолчанию — последний период, за который есть файлы")
    summary.add_argument("--out", metavar="ФАЙЛ", help="свод .xlsx")
    summary.add_argument("--report", metavar="ФАЙЛ", help="аналитическая справка .docx")
    summary.add_argument("--title", default="", help="заголовок свода")
    summary.add_argument("--date", type=_date, help="дата документов (по умолчанию сегодня)")
    demo = sub.add_parser("demo-files", help="файлы трёх демонстрационных школ для пробы")
    demo.add_argument("--out", metavar="ПАПКА", required=True)
    demo.add_argument("--date", type=_date, help="дата файлов (по умолчанию сегодня)")

    def run(args: argparse.Namespace) -> int:
        if args.action == "demo-files":
            from desktop_app.services.municipal_demo import make_demo_school_files

            made = make_demo_school_files(Path(args.out), args.date or dt.date.today())
            for school, files in made.items():
                _print(f"{school}: {', '.join(str(p) for p in files)}")
            return 0
        if args.action == "import" and _server_text(args) is None and not _db_path(args).exists():
            # A methodist's database starts with the first files the schools send.
            from desktop_app.models.db import open_database

            db = open_database(_db_path(args))
        else:
            db = _open(args)
        try:
            if args.action == "import":
                from desktop_app.services.municipal_import import import_files

                report = import_files(db, [Path(f) for f in args.files])
                for line in report.lines():
                    _print(line)
                _print(report.summary())
                return 1 if report.refused and not report.taken else 0
            period = _period(db, args.period)
            if args.action == "schools":
                from desktop_app.services.municipal_summary import schools

                _print(f"Период: {period.label}")
                for school in schools(db, period):
                    sent = ", ".join(
                        f"{info.file_name} (получен {info.received_at:%d.%m.%Y})"
                        for info in school.files.values()
                    )
                    lacking = f"нет: {school.missing_text}" if school.missing else "прислано всё"
                    _print(f"{school.name}: {sent or 'ничего'}; {lacking}")
                return 0
            from desktop_app.export.municipal import (
                REPORT_TITLE,
                SUMMARY_TITLE,
                default_name,
                write_municipal_report,
                write_municipal_summary,
            )

            today = args.date or dt.date.today()
            out = (
                Path(args.out) if args.out else Path(default_name(db, SUMMARY_TITLE, today, "xlsx"))
            )
            _print(str(write_municipal_summary(db, period, out, today, args.title)))
            if args.report:
                _print(str(write_municipal_report(db, period, Path(args.report), today)))
            elif not args.out:
                name = default_name(db, REPORT_TITLE, today, "docx")
                _print(str(write_municipal_report(db, period, Path(name), today)))
            return 0
        finally:
            db.close()

    parser.set_defaults(run=run)
