"""``nastavnik import FILE --db PATH [--dry-run]``, ``nastavnik import --undo`` and the municipal
summary ``nastavnik summary FILES... --out FILE``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli import _print, open_from_args, register
from desktop_app.errors import AppError


def _open(args: argparse.Namespace):  # type: ignore[no-untyped-def]
    return open_from_args(args)


def print_plan(plan) -> None:  # type: ignore[no-untyped-def]
    from desktop_app.services.people_import import FIELDS, RowAction

    table, guess = plan.table, plan.guess
    _print(
        f"Файл: {table.path.name} ({table.describe()}), заголовок в строке {guess.header_row + 1}"
    )
    _print("Столбцы:")
    for col, key in sorted(guess.mapping.items()):
        header = guess.headers[col] if col < len(guess.headers) else ""
        _print(f"  «{header}» → {FIELDS.get(key, 'не загружается')}")
    found = [r for r in plan.rows if r.match_id is not None and r.action is not RowAction.ERROR]
    if found:
        _print("Уже в банке:")
        for row in found:
            _print(f"  строка {row.row}: {row.full_name} — {row.action.label}")
            for line in row.what_changes():
                _print(f"    {line}")
    problems = plan.problems
    if problems:
        _print("Замечания:")
        for p in problems:
            kind = "ошибка" if p.is_error else "предупреждение"
            _print(f"  строка {p.row}: {kind}: {p.message}")
    _print(plan.summary())
    if plan.by_name_only:
        _print(
            "Кого нашли только по ФИО, без даты рождения: --only-name update (обновить, "
            "по умолчанию), new (добавить как новых) или skip (пропустить)."
        )


@register("import", "загрузить педагогов из таблицы (.xlsx, .xls, .csv) в банк педагогов")
def _configure_import(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", nargs="?", metavar="ФАЙЛ", help="таблица со списком педагогов")
    parser.add_argument(
        "--dry-run", action="store_true", help="только проверить и показать, ничего не записывать"
    )
    parser.add_argument(
        "--skip-existing",
        action="store_true",
        help="тех, кто уже есть в банке, пропустить (по умолчанию — обновить их данные)",
    )
    parser.add_argument(
        "--only-name",
        choices=["update", "new", "skip"],
        default="update",
        help="кого нашли в банке только по ФИО, без даты рождения: обновить (по умолчанию), "
        "добавить как нового или пропустить",
    )
    parser.add_argument("--undo", action="store_true", help="отменить последний импорт целиком")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.people_import import (
            RowAction,
            apply_import,
            load_source,
            plan_import,
            undo_last_import,
        )

        if args.undo:
            db = _open(args)
            try:
                _print(undo_last_import(db))
            finally:
                db.close()
            return 0
        if not args.file:
            raise AppError("Укажите файл с таблицей: nastavnik import ФАЙЛ --db БАЗА")
        table, guess = load_source(Path(args.file))
        db = _open(args)
        try:
            plan = plan_import(
                db, table, guess, on_duplicate="skip" if args.skip_existing else "update"
            )
            if args.only_name != "update":
                choice = RowAction.NEW if args.only_name == "new" else RowAction.SKIP_DUPLICATE
                for row in plan.by_name_only:
                    plan.choose(row, choice)
            print_plan(plan)
            if args.dry_run:
                _print("Проверка без записи (--dry-run): база не изменена.")
                return 0
            if not plan.to_write:
                _print("Записывать нечего: база не изменена.")
                return 0
            result = apply_import(db, plan)
        finally:
            db.close()
        _print(result.message())
        _print("Отменить: nastavnik import --undo --db БАЗА")
        return 0

    parser.set_defaults(run=run)


@register("summary", "свод банков наставников, присланных школами, в одну таблицу .xlsx")
def _configure_summary(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "files", nargs="+", metavar="ФАЙЛ", help="файлы «Банк наставников и наставляемых» (.xlsx)"
    )
    parser.add_argument("--out", metavar="ФАЙЛ", required=True, help="куда сохранить свод")
    parser.add_argument("--title", default="", help="заголовок свода (муниципалитет)")

    def run(args: argparse.Namespace) -> int:
        import datetime as dt

        from desktop_app.services.municipal import collect, write_summary

        data = collect([Path(f) for f in args.files])
        for school in data.schools:
            notes = f" ({'; '.join(school.notes)})" if school.notes else ""
            _print(
                f"{school.path.name}: {school.short_name} — наставников {len(school.mentors)}, "
                f"наставляемых {len(school.mentees)}{notes}"
            )
        for line in data.replaced:
            _print(f"Заменён более новым: {line}")
        for path, message in data.refused:
            _print(f"{path.name}: не вошёл в свод — {message}")
        target = write_summary(data, Path(args.out), dt.date.today(), args.title)
        _print(str(target))
        return 0

    parser.set_defaults(run=run)
