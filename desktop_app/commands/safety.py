"""``nastavnik backup``, ``restore``, ``backups`` and ``check-backup``."""

from __future__ import annotations

import argparse
from pathlib import Path

from desktop_app.cli import _db_path, _print, open_from_args, register
from desktop_app.errors import AppError


def _existing_db(args: argparse.Namespace) -> Path:
    path = _db_path(args)
    if not path.exists():
        raise AppError(f"Файл базы «{path}» не найден.")
    return path


@register("backup", "сделать резервную копию базы (согласованную, даже если программа открыта)")
def _configure_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--out",
        metavar="FILE",
        help="файл или папка для копии (по умолчанию — папка резервных копий программы)",
    )

    def run(args: argparse.Namespace) -> int:
        import datetime as dt

        from desktop_app.paths import backups_dir
        from desktop_app.services.backup import BackupReason, backup_file, make_backup

        path = _existing_db(args)
        if args.out:
            out = Path(args.out)
            if out.is_dir():
                stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
                out = out / f"{path.stem}_{stamp}_manual.sqlite"
            if out.resolve() == path.resolve():
                raise AppError("Копию нельзя сохранить поверх самой базы. Укажите другой файл.")
            written = backup_file(path, out)
        else:
            written = make_backup(path, backups_dir(), BackupReason.MANUAL).path
        _print(f"Резервная копия сохранена: {written}")
        return 0

    parser.set_defaults(run=run)


@register("restore", "восстановить базу из резервной копии (текущее состояние сохраняется)")
def _configure_restore(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="файл резервной копии")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.paths import backups_dir
        from desktop_app.services.backup import restore_backup

        backup = Path(args.file)
        if not backup.exists():
            raise AppError(f"Файл копии «{backup}» не найден.")
        path = _db_path(args)
        result = restore_backup(backup, path, backups_dir())
        _print(f"База «{path}» восстановлена из копии «{backup}».")
        if result.previous is not None:
            damaged = result.previous_was_damaged
            what = "Повреждённый файл отложен" if damaged else "Прежнее состояние"
            _print(f"{what}: {result.previous}")
        return 0

    parser.set_defaults(run=run)


@register("backups", "список резервных копий базы")
def _configure_list(parser: argparse.ArgumentParser) -> None:
    def run(args: argparse.Namespace) -> int:
        from desktop_app.paths import backups_dir
        from desktop_app.services.backup import list_backups

        found = list_backups(_db_path(args), backups_dir())
        if not found:
            _print("Резервных копий нет.")
        for backup in found:
            _print(
                f"{backup.made_at:%d.%m.%Y %H:%M:%S}  {backup.size_text:>8}  "
                f"{backup.reason.label}  {backup.path}"
            )
        return 0

    parser.set_defaults(run=run)


@register("check-backup", "проверить резервную копию: читается ли она целиком")
def _configure_check_backup(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", metavar="FILE", help="файл резервной копии")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.backup import check_backup

        result = check_backup(Path(args.file))
        _print(result.message)
        return 0 if result.ok else 1

    parser.set_defaults(run=run)


@register("changelog", "журнал изменений: кто, когда и что изменил (вывод или файл .xlsx)")
def _configure_changelog(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--out", metavar="FILE", help="сохранить журнал в файл .xlsx")
    parser.add_argument("--search", default="", help="только записи с этими словами")
    parser.add_argument("--limit", type=int, default=50, help="сколько последних записей вывести")

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.change_log import ChangeFilter, ChangeLogService

        db = open_from_args(args)
        try:
            service = ChangeLogService(db)
            rows = service.entries(ChangeFilter(text=args.search))
            if args.out:
                _print(str(service.export_xlsx(Path(args.out), rows)))
                return 0
        finally:
            db.close()
        for row in rows[: args.limit]:
            _print(
                f"{row.at:%d.%m.%Y %H:%M}  {row.user}  {row.entity_label} «{row.title}»: "
                f"{row.details or row.summary}"
            )
        if not rows:
            _print("Изменений не найдено.")
        return 0

    parser.set_defaults(run=run)
