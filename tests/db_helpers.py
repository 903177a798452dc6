"""Test databases on either engine: SQLite files (the ordinary run) or a PostgreSQL server.

``NASTAVNIK_TEST_PG`` holds a server URL (a role that may CREATE DATABASE), e.g.
``postgresql+pg8000://nastavnik:nastavnik@localhost/postgres``. Then the database fixtures of
conftest give each test a server database in the state of a new (or a new demo) database: see
:class:`PgServer`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import itertools
import os
import re
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine, MetaData, create_engine, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from desktop_app.models.db import Database

PG_ENV = "NASTAVNIK_TEST_PG"


LOCAL_PG = "postgresql+pg8000://nastavnik:nastavnik@localhost/postgres"


def pg_url() -> str | None:
    """The server the tests run on (``1``: the local one of README), or None for SQLite."""
    value = os.environ.get(PG_ENV, "").strip()
    if value == "1":
        return LOCAL_PG
    # The program's own driver, also when the URL is written the usual way (postgresql://…).
    for plain in ("postgresql://", "postgres://"):
        if value.startswith(plain):
            value = "postgresql+pg8000://" + value[len(plain) :]
    return value or None


_FUNCTIONS = """
CREATE SCHEMA IF NOT EXISTS pgtests;

CREATE OR REPLACE FUNCTION pgtests.snapshot(snap text) RETURNS void AS $$
DECLARE t text;
BEGIN
    EXECUTE format('DROP SCHEMA IF EXISTS %I CASCADE', snap);
    EXECUTE format('CREATE SCHEMA %I', snap);
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('CREATE TABLE %I.%I AS TABLE public.%I', snap, t, t);
    END LOOP;
END $$ LANGUAGE plpgsql;

-- Every table back to the snapshot and every id sequence to max(id) + 1, as in a new file.
-- session_replication_role = replica switches the foreign-key triggers off meanwhile, so the
-- order of the tables does not matter (the snapshot was consistent when it was taken).
CREATE OR REPLACE FUNCTION pgtests.restore(snap text) RETURNS void AS $$
DECLARE t text; s record;
BEGIN
    SET LOCAL session_replication_role = replica;
    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = 'public' LOOP
        EXECUTE format('DELETE FROM public.%I', t);
        EXECUTE format('INSERT INTO public.%I SELECT * FROM %I.%I', t, snap, t);
    END LOOP;
    FOR s IN
        SELECT c.relname AS tbl, a.attname AS col,
               pg_get_serial_sequence(format('public.%I', c.relname), a.attname) AS seq
        FROM pg_class c
        JOIN pg_namespace n ON n.oid = c.relnamespace
        JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        WHERE n.nspname = 'public' AND c.relkind = 'r'
    LOOP
        IF s.seq IS NOT NULL THEN
            EXECUTE format(
                'SELECT setval(%L, COALESCE((SELECT max(%I) FROM public.%I), 0) + 1, false)',
                s.seq, s.col, s.tbl
            );
        END IF;
    END LOOP;
END $$ LANGUAGE plpgsql;
"""

EMPTY = "snap_empty"
DEMO = "snap_demo"


class PgServer:
    """The server databases of one pytest session.

    Making a database per test (``CREATE DATABASE … TEMPLATE``) costs a checkpoint each time:
    seconds per test on a busy server. Instead one *base* database is migrated once and holds
    snapshots of the new (``snap_empty``) and the demo (``snap_demo``) database; a test borrows
    a working copy of it and gets it back to the snapshot it asks for in one call (about
    30 ms). A test that needs two databases at once gets a second copy.

    Names start with ``pgtests_<pid>_`` so that parallel sessions (and other programs on the
    same server) never touch each other's databases. The role must be a superuser (it switches
    foreign-key triggers off while restoring and may CREATE DATABASE).
    """

    def __init__(self, url: str) -> None:
        self.url = make_url(url)
        self.admin: Engine = create_engine(
            self.url, isolation_level="AUTOCOMMIT", poolclass=NullPool
        )
        self.prefix = f"pgtests_{os.getpid()}_"
        self._numbers = itertools.count(1)
        self._made: set[str] = set()
        self._base: str | None = None
        self._free: list[str] = []
        self._engines: dict[str, Engine] = {}
        self.demo_filler: Callable[[Database], None] | None = None
        self._has_demo = False
        self._drop_left_behind()

    def _drop_left_behind(self) -> None:
        """Databases of an earlier run on this computer that was killed before it cleaned up."""
        with self.admin.connect() as conn:
            names = conn.execute(
                text("SELECT datname FROM pg_database WHERE datname LIKE 'pgtests\\_%'")
            ).scalars()
            for name in list(names):
                match = re.match(r"pgtests_(\d+)_", name)
                if match and not _alive(int(match.group(1))):
                    conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def url_for(self, name: str) -> str:
        return self.url.set(database=name).render_as_string(hide_password=False)

    def new_name(self, hint: str = "t") -> str:
        return f"{self.prefix}{re.sub(r'[^a-z0-9_]', '_', hint.lower())[:20]}_{next(self._numbers)}"

    def create(self, name: str, template: str | None = None) -> str:
        """Create database ``name`` (a copy of ``template`` if given) and return its URL."""
        clause = f' TEMPLATE "{template}"' if template else ""
        with self.admin.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        self._made.add(name)
        return self.url_for(name)

    def drop(self, name: str) -> None:
        engine = self._engines.pop(name, None)
        if engine is not None:
            engine.dispose()
        with self.admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        self._made.discard(name)

    def drop_all(self) -> None:
        for name in sorted(self._made):
            self.drop(name)
        self.admin.dispose()

    def _build_base(self, with_demo: bool) -> str:
        from desktop_app.models.db import open_url

        if self._base is None:
            name = self.new_name("base")
            open_url(self.create(name)).close()
            self._call(name, _FUNCTIONS)
            self._call(name, f"SELECT pgtests.snapshot('{EMPTY}')")
            self._base = name
        if with_demo and not self._has_demo:
            # Copies made before the demo existed lack its snapshot: retire them.
            for free in self._free:
                self.drop(free)
            self._free.clear()
            assert self.demo_filler is not None
            db = open_url(self.url_for(self._base))
            try:
                self.demo_filler(db)
            finally:
                db.close()
            self._call(self._base, f"SELECT pgtests.snapshot('{DEMO}')")
            self._has_demo = True
        return self._base

    def _engine(self, name: str) -> Engine:
        if name not in self._engines:
            self._engines[name] = create_engine(self.url_for(name), pool_size=1)
        return self._engines[name]

    def _call(self, name: str, sql: str) -> None:
        """Run ``sql`` in the base database and disconnect: a template must have no sessions."""
        engine = create_engine(self.url_for(name), poolclass=NullPool)
        try:
            with engine.begin() as conn:
                conn.exec_driver_sql(sql)
        finally:
            engine.dispose()

    def acquire(self, snapshot: str) -> str:
        """The URL of a working database restored to ``snapshot`` (EMPTY or DEMO)."""
        base = self._build_base(with_demo=snapshot == DEMO)
        name = self._free.pop() if self._free else None
        if name is None:
            name = self.new_name("work")
            self.create(name, template=base)
        with self._engine(name).begin() as conn:
            # A connection a test left open (in a transaction) would block the restore.
            conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            conn.execute(text("SELECT pgtests.restore(:snap)"), {"snap": snapshot})
        return self.url_for(name)

    def release(self, url: str) -> None:
        name = make_url(url).database
        assert name
        self._free.append(name)


def _alive(pid: int) -> bool:
    if os.name == "nt":  # os.kill there ends the process: never drop, to be safe
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:  # another user's process
        return True
    return True


def _plain(value: Any) -> Any:
    """One spelling of a value on both engines (SQLite gives back naive datetimes)."""
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        return value.astimezone(dt.timezone.utc).replace(tzinfo=None)
    return value


def database_content(db: Database, skip: tuple[str, ...] = ()) -> dict[str, list[tuple]]:
    """Every row of every table, in primary-key order, read through SQLAlchemy.

    «The database is unchanged in content» on either engine: compare this before and after.
    """
    metadata = MetaData()
    metadata.reflect(db.engine)
    content: dict[str, list[tuple]] = {}
    with db.engine.connect() as conn:
        for name in sorted(metadata.tables):
            if name in skip:
                continue
            table = metadata.tables[name]
            order = list(table.primary_key.columns) or list(table.columns)
            rows = conn.execute(select(table).order_by(*order)).all()
            content[name] = [tuple(_plain(v) for v in row) for row in rows]
    return content


def content_digest(db: Database, skip: tuple[str, ...] = ()) -> str:
    digest = hashlib.sha256()
    for name, rows in database_content(db, skip).items():
        digest.update(name.encode())
        for row in rows:
            digest.update(repr(row).encode())
    return digest.hexdigest()


def another_client(db: Database) -> Database:
    """A second program on the same database: its own engine and connections, no file lock.

    On SQLite this is only for tests (the file lock keeps a second program out); on a server it
    is what another methodist's computer does.
    """
    from desktop_app.models.db import make_engine

    url = db.engine.url.render_as_string(hide_password=False)
    return Database(engine=make_engine(url), path=None)


def db_arg(db: Database) -> str:
    """What a command's ``--db`` is given for ``db``: the file, or the server's address."""
    if db.path is not None:
        return str(db.path)
    return db.engine.url.render_as_string(hide_password=False)
