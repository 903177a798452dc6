"""``nastavnik export KIND --db PATH --out DIR``, ``export all`` and the e-mail package."""

from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from desktop_app.cli import _print, open_from_args, register
from desktop_app.errors import AppError
from desktop_app.services.validation import FieldError, parse_date


def _date(text: str) -> dt.date:
    try:
        value = parse_date(text, "Дата", allow_future=True)
    except FieldError as exc:
        raise argparse.ArgumentTypeError(exc.message) from exc
    if value is None:
        raise argparse.ArgumentTypeError("укажите дату ДД.ММ.ГГГГ")
    return value


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return open_from_args(args, charts=True)


def _options(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    from desktop_app.export.registry import ExportOptions

    period = None
    if args.period:
        from desktop_app.services.indicators import parse_period

        try:
            chosen = parse_period(args.period)
        except ValueError as exc:
            raise AppError(str(exc)) from None
        period = (chosen.start, chosen.end)
    elif args.period_from or args.period_to:
        if not (args.period_from and args.period_to):
            raise AppError("Период задаётся двумя датами: --from ДД.ММ.ГГГГ --to ДД.ММ.ГГГГ.")
        period = (args.period_from, args.period_to)
    return ExportOptions(
        today=args.date or dt.date.today(),
        period=period,
        person_ids=args.person or None,
        number=args.number or "",
    )


def _common(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="DIR", required=True, help="папка для документов")
    parser.add_argument(
        "--date", type=_date, help="дата документа ДД.ММ.ГГГГ (по умолчанию сегодня)"
    )
    parser.add_argument("--number", help="номер приказа")
    parser.add_argument(
        "--person", type=int, action="append", metavar="ID", help="педагог (можно несколько)"
    )
    parser.add_argument("--from", dest="period_from", type=_date, help="начало периода")
    parser.add_argument("--to", dest="period_to", type=_date, help="конец периода")
    parser.add_argument(
        "--period", help="период отчёта: 2026-Q3 (квартал), 2025/2026 (учебный год) или ДАТА-ДАТА"
    )


def _kind_help() -> str:
    from desktop_app.export.registry import all_kinds

    return "; ".join(f"{k.key} — {k.title}" for k in all_kinds())


@register("export", "сформировать документы (.docx, .xlsx)")
def _configure_export(parser: argparse.ArgumentParser) -> None:
    # argparse wraps help at hyphens («mentor-» / «report»): print the kind keys unbroken.
    parser.formatter_class = argparse.RawTextHelpFormatter
    parser.add_argument("kinds", nargs="+", metavar="ВИД", help=f"all или: {_kind_help()}")
    _common(parser)

    def run(args: argparse.Namespace) -> int:
        from desktop_app.export.registry import all_kinds, build_documents

        keys = [k.key for k in all_kinds()] if "all" in args.kinds else list(args.kinds)
        db = _open(args)
        try:
            written = build_documents(db, keys, Path(args.out), _options(args))
        finally:
            db.close()
        for path in written:
            _print(str(path))
        return 0

    parser.set_defaults(run=run)


@register("package", "подготовить документы к отправке: архив .zip (или папка) и письмо .eml")
def _configure_package(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("kinds", nargs="+", metavar="ВИД", help=f"all или: {_kind_help()}")
    _common(parser)
    parser.add_argument("--mail-to", dest="recipient", help="адрес получателя (запоминается)")
    parser.add_argument("--subject", help="тема письма")
    parser.add_argument("--folder", action="store_true", help="папка вместо архива .zip")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.export.package import PackageRequest, make_package
        from desktop_app.export.registry import all_kinds
        from desktop_app.services.mail_settings import MailSettingsService

        keys = [k.key for k in all_kinds()] if "all" in args.kinds else list(args.kinds)
        db = _open(args)
        try:
            settings = MailSettingsService(db)
            saved = settings.load()
            request = PackageRequest(
                keys=keys,
                out_dir=Path(args.out),
                options=_options(args),
                as_zip=not args.folder,
                recipient=args.recipient if args.recipient is not None else saved.recipient,
                subject=args.subject or "",
                cover_text=saved.cover_text,
            )
            result = make_package(db, request)
            settings.save(saved.__class__(request.recipient, saved.cover_text))
        finally:
            db.close()
        for path in [result.archive] if result.archive else result.files:
            _print(str(path))
        _print(str(result.eml))
        return 0

    parser.set_defaults(run=run)
