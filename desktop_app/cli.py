"""Command line over the same services as the window: ``nastavnik [--db PATH] [COMMAND]``.

Without a command the window opens. Each command is a function ``run_*(args) -> exit code``;
later features add their own with ``register``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from desktop_app import __version__
from desktop_app.errors import AppError

Command = Callable[[argparse.Namespace], int]
_COMMANDS: dict[str, tuple[Command, Callable[[argparse.ArgumentParser], None], str]] = {}


def register(
    name: str, help_text: str
) -> Callable[
    [Callable[[argparse.ArgumentParser], None]], Callable[[argparse.ArgumentParser], None]
]:
    """Decorate ``configure(parser)``, which sets ``parser.set_defaults(run=...)``."""

    def wrap(configure: Callable[[argparse.ArgumentParser], None]):  # type: ignore[no-untyped-def]
        _COMMANDS[name] = (lambda a: 0, configure, help_text)
        return configure

    return wrap


def _server_text(args: argparse.Namespace) -> str | None:
    """The server address given by --db-url, or by --db when its value is one."""
    url = getattr(args, "db_url", None)
    if url:
        return str(url)
    db = getattr(args, "db", None)
    if isinstance(db, str) and "://" in db:
        return db
    return None


def _db_path(args: argparse.Namespace) -> Path:
    """The database file of a command that works on the file itself (backups, demo)."""
    from desktop_app.paths import default_database_path

    server = _server_text(args)
    if server is not None:
        raise AppError(
            "Эта команда работает с файлом базы на этом компьютере. Базу на сервере копирует "
            "и восстанавливает администратор сервера средствами PostgreSQL (pg_dump и "
            "pg_restore, см. README, раздел «Общая база на сервере»)."
        )
    return Path(args.db) if getattr(args, "db", None) else default_database_path()


def open_from_args(args: argparse.Namespace, *, charts: bool = False):  # type: ignore[no-untyped-def]
    """The one opener of every command: the file of --db (which must exist) or the server of
    --db-url. A server that asks for a password gets it typed at the console (never echoed);
    scripts set PGPASSWORD instead."""
    from desktop_app.errors import ServerLoginFailed
    from desktop_app.models.db import ServerAddress, open_database, open_server

    if charts:
        # Reports draw their charts with Qt's painter. The CLI is an entry point like the
        # window, so it connects the painter the same way (nothing below ui imports Qt).
        from desktop_app.ui.charts import connect_to_reports

        connect_to_reports()
    server = _server_text(args)
    if server is None:
        path = _db_path(args)
        if not path.exists():
            raise AppError(f"Файл базы «{path}» не найден.")
        return open_database(path)
    address, password = ServerAddress.parse(server)
    try:
        return open_server(address, password)
    except ServerLoginFailed as exc:
        if not exc.needs_password or not sys.stdin.isatty():
            raise
    import getpass

    typed = getpass.getpass(f"Пароль пользователя «{address.user}» ({address.describe()}): ")
    return open_server(address, typed)


def _print(text: str) -> None:
    # A Windows console may not speak UTF-8; never die on printing a Russian word.
    try:
        print(text)
    except UnicodeEncodeError:
        print(text.encode(sys.stdout.encoding or "ascii", "replace").decode(errors="replace"))


@register("demo", "создать демонстрационную базу (вымышленная сельская школа)")
def _configure_demo(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--people",
        type=int,
        default=45,
        help="число педагогов (для проверки скорости: 10000 — несколько школ)",
    )

    def run(args: argparse.Namespace) -> int:
        from desktop_app.services.demo import create_demo, fill_demo

        if _server_text(args) is None:
            path = _db_path(args)
            create_demo(path, people=args.people)
            _print(f"Демонстрационная база создана: {path}")
            return 0
        # To try the shared server before a municipality's real data goes in: the demo school
        # is written only into an empty server database, never over someone's data.
        from sqlalchemy import func, select

        from desktop_app.models import Organisation

        db = open_from_args(args)
        try:
            with db.session() as session:
                if session.scalar(select(func.count(Organisation.id))):
                    raise AppError(
                        f"В базе ({db.location}) уже есть данные — демонстрационная школа "
                        "записывается только в пустую базу. Попросите администратора создать "
                        "отдельную базу для пробы."
                    )
            fill_demo(db, people=args.people)
        finally:
            db.close()
        _print(f"Демонстрационная школа записана: {db.location}")
        return 0

    parser.set_defaults(run=run)


@register("check", "проверить базу: открыть, обновить схему, проверить целостность")
def _configure_check(parser: argparse.ArgumentParser) -> None:
    def run(args: argparse.Namespace) -> int:
        from sqlalchemy import func, select, text

        from desktop_app.models import MenteeProfile, MentorProfile, Organisation, Person

        db = open_from_args(args)
        try:
            with db.session() as session:
                if db.is_server:
                    # The server keeps its own pages consistent; what the program checks there
                    # is that every table of the current schema is there and reads whole.
                    from desktop_app.models import Base

                    result = []
                    for table in Base.metadata.sorted_tables:
                        try:
                            with session.begin_nested():
                                session.execute(select(func.count()).select_from(table))
                        except Exception as exc:  # a missing table or column: say which
                            result.append(f"таблица {table.name}: {exc.__class__.__name__}")
                    result = result or ["ok"]
                else:
                    result = [r[0] for r in session.execute(text("PRAGMA integrity_check"))]
                counts = {
                    "организаций": session.scalar(select(func.count(Organisation.id))),
                    "педагогов": session.scalar(select(func.count(Person.id))),
                    "наставников": session.scalar(select(func.count()).where(MentorProfile.active)),
                    "наставляемых": session.scalar(
                        select(func.count()).where(MenteeProfile.active)
                    ),
                }
        finally:
            db.close()
        if db.migrated_from:
            copy = db.backup_before_migration
            _print(f"Схема обновлена{f' (копия до обновления: {copy})' if copy else ''}.")
        _print(f"База: {db.location}")
        for label, value in counts.items():
            _print(f"{label}: {value}")
        if result == ["ok"]:
            _print("Целостность: в порядке.")
            return 0
        _print("Целостность нарушена:")
        for line in result[:20]:
            _print(f"  {line}")
        return 1

    parser.set_defaults(run=run)


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The whole command line. Given ``argv``, only the command named there is configured:
    a command's options may need heavy modules (``export`` lists the document kinds, which
    import python-docx and openpyxl), and ``nastavnik demo`` should not pay for them."""
    # Later features register their commands by being imported here.
    import desktop_app.commands  # noqa: F401

    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="файл базы данных (по умолчанию — в папке данных пользователя)",
    )
    common.add_argument(
        "--db-url",
        metavar="URL",
        default=argparse.SUPPRESS,
        help="общая база на сервере PostgreSQL: postgresql://пользователь@сервер/база "
        "(пароль спрашивается или берётся из PGPASSWORD)",
    )
    parser = argparse.ArgumentParser(
        prog="nastavnik",
        description="Наставничество педагогических работников: учёт, программы, документы.",
        parents=[common],
    )
    parser.add_argument("--version", action="version", version=f"nastavnik {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА")
    chosen = None if argv is None else _command_in(argv)
    for name, (_, configure, help_text) in _COMMANDS.items():
        command = sub.add_parser(name, help=help_text, description=help_text, parents=[common])
        if argv is None or name == chosen:
            configure(command)
    return parser


def _command_in(argv: list[str]) -> str | None:
    after_db = False
    for arg in argv:
        if not after_db and arg in _COMMANDS:
            return arg
        after_db = arg in ("--db", "--db-url")
    return None


def _gui_database(argv: list[str]) -> tuple[bool, str | None]:
    """(whether ``argv`` only opens the window, the --db given). The window is the common
    case and starts without building the command parsers at all (start-up time counts)."""
    if not argv:
        return True, None
    if len(argv) == 2 and argv[0] in ("--db", "--db-url") and not argv[1].startswith("-"):
        return True, argv[1]
    for option in ("--db=", "--db-url="):
        if len(argv) == 1 and argv[0].startswith(option) and len(argv[0]) > len(option):
            return True, argv[0][len(option) :]
    return False, None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    only_window, db = _gui_database(argv)
    if only_window:
        from desktop_app.ui.app import run_gui

        return run_gui(db)
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    if not hasattr(args, "db"):
        args.db = None
    if args.command is None:
        from desktop_app.ui.app import run_gui

        return run_gui(_server_text(args) or args.db)
    try:
        return int(args.run(args))
    except AppError as exc:
        _print(exc.message)
        return 1
    except FileExistsError as exc:
        _print(str(exc))
        return 1
