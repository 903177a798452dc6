"""Opening a database: checks, lock, SQLite settings, automatic migration after a backup.

Every refusal is a ``DatabaseOpenError`` whose message names the file and says what to do; the
file is never modified before the checks pass.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import os
import re
import sqlite3
import stat
import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from sqlalchemy import Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DatabaseError as SADatabaseError
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlalchemy.orm import Session, sessionmaker

from desktop_app.errors import (
    DatabaseDamaged,
    DatabaseLocked,
    DatabaseNotValid,
    DatabaseOpenError,
    DatabaseReadOnly,
    DatabaseTooNew,
    EditConflict,
    ServerDatabaseMissing,
    ServerLoginFailed,
    ServerUnavailable,
)
from desktop_app.paths import backup_stem
from desktop_app.server import ServerAddress, is_server_address

if TYPE_CHECKING:
    from alembic.config import Config

SQLITE_HEADER = b"SQLite format 3\x00"
MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
# Alembic (and Mako under it) costs about 0.3 s to import: a database already at the head
# revision opens without it; the revisions are read from the migration files as text.
_REVISION_LINE = re.compile(
    r"""^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:["']([^"']+)["']|None)""", re.MULTILINE
)


def alembic_config() -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    return config


@functools.cache
def _revision_graph() -> dict[str, str | None]:
    """{revision: down_revision} of every migration file, without importing Alembic."""
    graph: dict[str, str | None] = {}
    for script in sorted((MIGRATIONS_DIR / "versions").glob("*.py")):
        found = dict(
            (m.group(1), m.group(2))
            for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8"))
        )
        if found.get("revision"):
            graph[found["revision"]] = found.get("down_revision")
    return graph


def head_revision() -> str:
    graph = _revision_graph()
    heads = set(graph) - {down for down in graph.values() if down}
    # One straight line of migrations (tests/models/test_db.py checks it): one head.
    assert len(heads) == 1, f"migrations do not form one line: heads {sorted(heads)}"
    return heads.pop()


def _set_sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    # Small data-entry transactions on an old PC switched off at the wall: durability first.
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.close()


def make_engine(url: Any, **options: Any) -> Engine:
    engine = create_engine(url, future=True, **options)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _set_sqlite_pragmas)
    return engine


# --- the shared server --------------------------------------------------------------------

SERVER_TIMEOUT_S = 10


def _server_error(exc: BaseException, address: ServerAddress, password: str | None) -> Exception:
    """A connection failure of the driver as a message the methodist can act on."""
    orig = getattr(exc, "orig", exc)
    details = orig.args[0] if getattr(orig, "args", None) else ""
    code = details.get("C", "") if isinstance(details, dict) else ""
    where = f"{address.host}:{address.port}"
    if isinstance(orig, AttributeError) and not password:
        code = "28P01"
    if code in ("28P01", "28000") or "password" in str(details).lower():
        if not password:
            return ServerLoginFailed(
                f"Сервер {where} просит пароль пользователя «{address.user}». Введите пароль.",
                needs_password=True,
            )
        return ServerLoginFailed(
            f"Сервер {where} не принял имя пользователя «{address.user}» или пароль. "
            "Проверьте их (раскладку клавиатуры и Caps Lock) и попробуйте снова."
        )
    if code == "3D000":
        return ServerDatabaseMissing(
            f"На сервере {where} нет базы «{address.database}». Проверьте её название или "
            "попросите администратора создать её (README, раздел «Общая база на сервере»)."
        )
    if code == "42501":
        return ServerDatabaseMissing(
            f"Пользователю «{address.user}» не разрешено работать с базой «{address.database}» "
            f"на сервере {where}. Попросите администратора выдать права."
        )
    if code:
        return DatabaseOpenError(
            f"Сервер {where} отказал в подключении: {details.get('M', code)}."  # type: ignore[union-attr]
        )
    return ServerUnavailable(
        f"Сервер {where} не отвечает. Проверьте, что компьютер подключён к сети и адрес сервера "
        "указан верно, а если сеть есть — что сервер включён. Файлы баз на этом компьютере "
        "по-прежнему можно открыть."
    )


class _FileLock:
    """An OS-level lock on ``<db>.lock``: released by the OS even if the program is killed."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._handle: IO[bytes] | None = None

    def acquire(self) -> bool:
        handle = open(self.path, "a+b")  # noqa: SIM115 - held open for the life of the lock
        try:
            if sys.platform == "win32":
                import msvcrt

                handle.seek(0)
                msvcrt.locking(handle.fileno(), msvcrt.LK_NBLCK, 1)
            else:
                import fcntl

                fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            handle.close()
            return False
        self._handle = handle
        return True

    def release(self) -> None:
        if self._handle is None:
            return
        with contextlib.suppress(OSError):
            if sys.platform == "win32":
                import msvcrt

                self._handle.seek(0)
                msvcrt.locking(self._handle.fileno(), msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(self._handle.fileno(), fcntl.LOCK_UN)
        self._handle.close()
        self._handle = None
        with contextlib.suppress(OSError):
            self.path.unlink()


@dataclass
class Database:
    """An open database: its engine, sessions and the lock that keeps a second copy out."""

    engine: Engine
    path: Path | None
    # Set for a database on a server (path is None then).
    address: ServerAddress | None = field(default=None, kw_only=True)
    migrated_from: str | None = None
    backup_before_migration: Path | None = None
    _lock: _FileLock | None = field(default=None, repr=False)
    # Per-database caches of the services (the people index); dropped with the database.
    cache: dict[str, Any] = field(default_factory=dict, repr=False)
    # Called with the database just before it closes (the backup on closing after changes).
    before_close: list[Callable[[Database], None]] = field(default_factory=list, repr=False)

    def __post_init__(self) -> None:
        self._sessions = sessionmaker(self.engine, expire_on_commit=False)

    def session(self) -> Session:
        return self._sessions()

    @property
    def is_server(self) -> bool:
        return self.address is not None

    @property
    def location(self) -> str:
        """Where the data is, in words for the title bar and messages."""
        if self.address is not None:
            return self.address.describe()
        return str(self.path or "")

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Session]:
        """One user action = one transaction: saved whole or not at all."""
        from sqlalchemy.orm.exc import ObjectDeletedError, StaleDataError

        try:
            with self._sessions() as session, session.begin():
                yield session
        except (StaleDataError, ObjectDeletedError) as exc:
            # A versioned row (models/versioning.py) was changed or deleted by another user
            # between reading and writing it; the services say which record when they can.
            raise EditConflict(
                "Запись только что изменил или удалил другой пользователь, поэтому ваше "
                "действие не выполнено и ничего не записано. Откройте запись заново "
                "и повторите."
            ) from exc

    def close(self) -> None:
        hooks, self.before_close = self.before_close, []
        for hook in hooks:
            hook(self)
        self.engine.dispose()
        if self._lock is not None:
            self._lock.release()
            self._lock = None


def copy_sqlite(source: Path, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API (never a file copy of a live DB)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".part")
    with contextlib.suppress(FileNotFoundError):
        partial.unlink()
    try:
        src = sqlite3.connect(f"file:{source}?mode=ro", uri=True)
        try:
            dst = sqlite3.connect(partial)
            try:
                src.backup(dst)
            finally:
                dst.close()
        finally:
            src.close()
        os.replace(partial, target)
    except BaseException:
        # A full disk or a pulled USB stick: no half copy is left behind.
        with contextlib.suppress(OSError):
            partial.unlink()
        raise
    return target


def _check_file(path: Path) -> None:
    name = str(path)
    if path.is_dir():
        raise DatabaseNotValid(f"«{name}» — это папка, а не файл базы данных. Выберите файл.")
    try:
        with open(path, "rb") as handle:
            header = handle.read(len(SQLITE_HEADER))
    except PermissionError as exc:
        raise DatabaseReadOnly(
            f"Нет доступа к файлу «{name}». Проверьте права на файл или выберите другой."
        ) from exc
    if not header:
        raise DatabaseDamaged(
            f"Файл «{name}» пуст — это не база данных программы. Возможно, он повреждён. "
            "Восстановите базу из резервной копии или выберите другой файл.",
            path,
        )
    if header != SQLITE_HEADER:
        raise DatabaseNotValid(
            f"Файл «{name}» не является базой данных программы (или повреждён). "
            "Выберите другой файл."
        )
    mode = path.stat().st_mode
    # The Windows read-only attribute clears the write bits; root ignores them in os.access.
    if not os.access(path, os.W_OK) or not mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH):
        raise DatabaseReadOnly(
            f"Файл «{name}» доступен только для чтения. Снимите атрибут «Только чтение» "
            "в свойствах файла или скопируйте базу в папку, где разрешена запись."
        )
    if not os.access(path.parent, os.W_OK):
        raise DatabaseReadOnly(
            f"В папку «{path.parent}» нельзя записывать, а программе нужно сохранять рядом "
            "с базой служебные файлы. Переместите базу в другую папку."
        )


def _current_revision(engine: Engine) -> tuple[str | None, bool]:
    """(alembic revision, whether the file holds any tables at all)."""
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as conn:
        revision = MigrationContext.configure(conn).get_current_revision()
        has_tables = bool(inspect(conn).get_table_names())
    return revision, has_tables


def _known_revisions() -> set[str]:
    return set(_revision_graph())


# Any fixed number: the key of the server-wide lock that lets one program at a time migrate.
_MIGRATION_LOCK_KEY = 72_6035_1009


def migrate(engine: Engine) -> None:
    from alembic import command

    config = alembic_config()
    with engine.begin() as conn:
        if conn.dialect.name == "postgresql":
            # Two methodists starting a newer version at once: the second waits here and then
            # finds the schema already at head (Alembic reads the revision after the lock).
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK_KEY})
        config.attributes["connection"] = conn
        command.upgrade(config, "head")


def open_database(path: Path | str, *, backup_dir: Path | None = None) -> Database:
    """Open (or create) the SQLite database at ``path`` and bring its schema up to date."""
    path = Path(path).expanduser().resolve()
    if path.exists():
        _check_file(path)
    elif not path.parent.exists():
        path.parent.mkdir(parents=True, exist_ok=True)

    lock = _FileLock(path.with_name(path.name + ".lock"))
    try:
        locked = lock.acquire()
    except OSError as exc:
        raise DatabaseReadOnly(
            f"Не удалось открыть «{path}»: в папку нельзя записывать ({exc.strerror})."
        ) from exc
    if not locked:
        raise DatabaseLocked(
            f"База «{path}» уже открыта в другом окне программы. Закройте его или "
            "откройте другой файл."
        )

    engine = make_engine(f"sqlite:///{path}")
    try:
        database = _prepare(engine, path, backup_dir)
    except BaseException:
        engine.dispose()
        lock.release()
        raise
    database._lock = lock
    return database


def _ping_on_checkout(dbapi_connection: Any, _record: Any, _proxy: Any) -> None:
    """A connection the network dropped while the window stood idle is replaced on the next
    action instead of failing it. (pool_pre_ping misses it: pg8000 can raise a bare
    ConnectionResetError there, which SQLAlchemy does not take for a disconnect.)"""
    try:
        cursor = dbapi_connection.cursor()
        cursor.execute("SELECT 1")
        cursor.close()
        # The driver opened a transaction for the ping: end it, or the connection goes to its
        # user «idle in transaction» (VACUUM then refuses to run, locks are held longer).
        dbapi_connection.rollback()
    except Exception as exc:
        from sqlalchemy.exc import DisconnectionError

        raise DisconnectionError() from exc


def open_server(
    address: ServerAddress, password: str | None = None, *, timeout: int = SERVER_TIMEOUT_S
) -> Database:
    """Connect to the shared database on a PostgreSQL server and bring its schema up to date.

    Without a password, PGPASSWORD is used (the usual way for scripts on a server)."""
    password = password or os.environ.get("PGPASSWORD") or None
    engine = make_engine(address.url(password), connect_args={"timeout": timeout})
    event.listen(engine, "checkout", _ping_on_checkout)
    try:
        with engine.connect():
            pass
    except (DBAPIError, AttributeError, OSError) as exc:
        # pg8000 fails with AttributeError when the server asks for a password none was given.
        engine.dispose()
        raise _server_error(exc, address, password) from exc
    try:
        database = _prepare(engine, None, None)
    except BaseException:
        engine.dispose()
        raise
    database.address = address
    return database


def probe_server(
    address: ServerAddress, password: str | None = None, *, timeout: int = SERVER_TIMEOUT_S
) -> str:
    """«Проверить подключение»: connect, look at the schema, write nothing. The answer says
    what connecting would do; a refusal is raised as the same errors as open_server's."""
    password = password or os.environ.get("PGPASSWORD") or None
    engine = make_engine(address.url(password), connect_args={"timeout": timeout})
    try:
        try:
            revision, has_tables = _current_revision(engine)
        except (DBAPIError, AttributeError, OSError) as exc:
            raise _server_error(exc, address, password) from exc
    finally:
        engine.dispose()
    name = f"«{address.database}»"
    if revision is None and has_tables:
        raise DatabaseNotValid(
            f"В базе {name} на сервере таблицы другой программы. Попросите администратора "
            "создать для программы отдельную базу."
        )
    if revision is not None and revision not in _known_revisions():
        raise DatabaseTooNew(
            f"База {name} на сервере создана более новой версией программы. Установите "
            "последнюю версию программы."
        )
    if revision is None:
        return (
            f"Подключение есть. База {name} пустая: при подключении программа создаст в ней "
            "свои таблицы."
        )
    if revision != head_revision():
        return (
            f"Подключение есть. База {name} создана прежней версией программы: при подключении "
            "она будет обновлена, и остальным пользователям тоже нужно будет обновить программу."
        )
    return f"Подключение есть. База {name} готова к работе."


def open_url(url: str, *, password: str | None = None) -> Database:
    """Open a database by URL: a server (``postgresql://…``) or ``sqlite:///path`` without the
    file lock (a second connection to the same file, as a second user would have)."""
    if is_server_address(url):
        address, in_url = ServerAddress.parse(url)
        return open_server(address, password or in_url)
    engine = make_engine(url)
    try:
        return _prepare(engine, None, None)
    except BaseException:
        engine.dispose()
        raise


def open_target(
    target: str | Path, *, password: str | None = None, backup_dir: Path | None = None
) -> Database:
    """The one opener for a --db value or a remembered location: a server address or a file."""
    if is_server_address(target):
        return open_url(str(target), password=password)
    if isinstance(target, str) and "://" in target:
        # Another kind of server («mysql://…»): not a file name to create a folder from.
        ServerAddress.parse(target)
    return open_database(target, backup_dir=backup_dir)


def _inspect_sqlite_read_only(path: Path) -> tuple[str | None, bool]:
    """Look inside without changing a byte: the connection pragmas (WAL) would rewrite the
    header of a file that turns out to belong to another program."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        tables = {
            row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")
        }
        revision = None
        if "alembic_version" in tables:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        # A quick page check on every start: a file damaged by a power cut is caught here,
        # before anything is written over it.
        check = conn.execute("PRAGMA quick_check(1)").fetchone()
        if check is None or check[0] != "ok":
            raise sqlite3.DatabaseError(f"quick_check: {check[0] if check else 'no answer'}")
        return revision, bool(tables - {"alembic_version"})
    finally:
        conn.close()


def _prepare(engine: Engine, path: Path | None, backup_dir: Path | None) -> Database:
    where = f"«{path}»" if path else "на сервере"
    try:
        if path is not None and path.exists() and path.stat().st_size > 0:
            revision, has_tables = _inspect_sqlite_read_only(path)
        else:
            revision, has_tables = _current_revision(engine)
    except (SADatabaseError, sqlite3.DatabaseError) as exc:
        raise DatabaseDamaged(
            f"База данных {where} повреждена или не является базой программы. "
            "Восстановите её из резервной копии или выберите другой файл.",
            path,
        ) from exc

    if revision is None and has_tables:
        raise DatabaseNotValid(
            f"Файл {where} — база данных другой программы. Выберите другой файл."
        )
    if revision is not None and revision not in _known_revisions():
        raise DatabaseTooNew(
            f"База {where} создана более новой версией программы. Установите последнюю "
            "версию программы или откройте другой файл. Файл не изменён."
        )

    backup_path = None
    if revision is not None and revision != head_revision() and path is not None:
        stamp = dt.datetime.now().strftime("%Y-%m-%d_%H-%M-%S")
        target_dir = backup_dir or path.parent
        backup_path = copy_sqlite(
            path, target_dir / f"{backup_stem(path)}_до-обновления_{revision}_{stamp}.sqlite"
        )
    try:
        if revision != head_revision():
            migrate(engine)
    except OperationalError as exc:
        raise DatabaseOpenError(
            f"Не удалось обновить базу {where}: {exc.orig}. Файл можно восстановить из копии "
            f"«{backup_path}»."
            if backup_path
            else f"Не удалось подготовить базу {where}: {exc.orig}"
        ) from exc
    return Database(
        engine=engine,
        path=path,
        migrated_from=revision if revision != head_revision() else None,
        backup_before_migration=backup_path,
    )
