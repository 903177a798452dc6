"""Where a shared database lives: the address of a PostgreSQL server, without the password.

Kept apart from db.py and free of SQLAlchemy at import, so the window can tell a server
address from a file name before the database layer is loaded (start-up time counts).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from desktop_app.errors import DatabaseOpenError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL

# pg8000 is pure Python: no libpq DLLs to ship or to go missing on an old Windows PC, and the
# executable grows by about 0.3 MB instead of the 5 MB of a compiled driver.
SERVER_DRIVER = "postgresql+pg8000"
DEFAULT_SERVER_PORT = 5432
_SERVER_EXAMPLE = "postgresql://methodist@192.168.1.10/nastavnik"


def is_server_address(text: str | Path) -> bool:
    """Whether a --db value or a remembered location names a server rather than a file."""
    return isinstance(text, str) and text.strip().lower().startswith(
        ("postgresql:", "postgresql+", "postgres:")
    )


@dataclass(frozen=True)
class ServerAddress:
    """Where a shared database lives. The password is never part of it: it is asked for (or
    taken from PGPASSWORD) when connecting, so nothing that is remembered holds it."""

    host: str
    database: str
    user: str
    port: int = DEFAULT_SERVER_PORT

    @classmethod
    def parse(cls, address: str) -> tuple[ServerAddress, str | None]:
        """(the address, the password if the text carried one)."""
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            url = make_url(address.strip())
            port = url.port
        except (ArgumentError, ValueError) as exc:
            raise DatabaseOpenError(
                f"Адрес сервера «{address}» записан неверно. Пример: {_SERVER_EXAMPLE}"
            ) from exc
        if url.get_backend_name() not in ("postgresql", "postgres"):
            raise DatabaseOpenError(
                f"Адрес «{address}» — не адрес сервера PostgreSQL. Программа работает с "
                f"файлом базы или с сервером PostgreSQL, например: {_SERVER_EXAMPLE}"
            )
        missing = [
            label
            for label, value in (
                ("адрес компьютера-сервера", url.host),
                ("имя базы", url.database),
                ("имя пользователя", url.username),
            )
            if not value
        ]
        if missing:
            raise DatabaseOpenError(
                f"В адресе сервера «{address}» не указано: {', '.join(missing)}. "
                f"Пример: {_SERVER_EXAMPLE}"
            )
        assert url.host and url.database and url.username
        return cls(url.host, url.database, url.username, port or DEFAULT_SERVER_PORT), url.password

    def url(self, password: str | None = None) -> URL:
        from sqlalchemy.engine import URL

        return URL.create(
            SERVER_DRIVER,
            username=self.user,
            password=password or None,
            host=self.host,
            port=self.port,
            database=self.database,
        )

    def as_text(self) -> str:
        """The address as the user writes it, without the password (safe to remember)."""
        from sqlalchemy.engine import URL

        return URL.create(
            "postgresql",
            username=self.user,
            host=self.host,
            port=self.port,
            database=self.database,
        ).render_as_string(hide_password=False)

    def describe(self) -> str:
        port = "" if self.port == DEFAULT_SERVER_PORT else f":{self.port}"
        return f"сервер {self.host}{port}, база «{self.database}»"
