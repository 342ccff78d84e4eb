"""Clinic server addresses: built from what the connect dialog asks, and kept without a password.

No SQLAlchemy here (start-up reads settings before any database library loads): the URL is
plain `postgresql+psycopg://USER[:PW]@HOST:PORT/DB`, or `...@/DB?host=/socket/dir&port=N` for a
socket folder (a host starting with "/")."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import parse_qs, quote, unquote, urlsplit

SCHEME = "postgresql+psycopg"
DEFAULT_PORT = 5432


def is_clinic_url(url: str | None) -> bool:
    return bool(url) and str(url).split("://", 1)[0].split("+", 1)[0] in ("postgresql", "postgres")


@dataclass(frozen=True)
class ServerAddress:
    host: str
    port: int
    database: str
    user: str

    def url(self, password: str | None = None) -> str:
        who = quote(self.user, safe="")
        if password:
            who += ":" + quote(password, safe="")
        db = quote(self.database, safe="")
        if self.host.startswith("/"):  # a unix socket folder goes in the query
            return f"{SCHEME}://{who}@/{db}?host={quote(self.host, safe='/')}&port={self.port}"
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"{SCHEME}://{who}@{host}:{self.port}/{db}"

    def describe(self) -> str:
        return f"{self.database} on {self.host}" + ("" if self.port == DEFAULT_PORT else f":{self.port}")


def parse_address(url: str) -> ServerAddress:
    """The parts of a clinic URL (the password, if any, is dropped)."""
    parts = urlsplit(url)
    query = parse_qs(parts.query)
    host = query.get("host", [parts.hostname or "localhost"])[0]
    port = int(query.get("port", [parts.port or DEFAULT_PORT])[0])
    return ServerAddress(host, port, unquote(parts.path.lstrip("/")), unquote(parts.username or ""))


def password_of(url: str) -> str | None:
    found = urlsplit(url).password
    return unquote(found) if found else None


def without_password(url: str) -> str:
    """The same URL with no password in it: what may be written to settings or shown."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = netloc[0].split(":", 1)[0]
    return parts._replace(netloc=f"{user}@{netloc[1]}").geturl()


def with_password(url: str, password: str | None) -> str:
    """For connecting only (kept in memory): the saved URL plus the password typed this session."""
    if not password:
        return url
    parts = urlsplit(without_password(url))
    user, rest = parts.netloc.rsplit("@", 1)
    return parts._replace(netloc=f"{user}:{quote(password, safe='')}@{rest}").geturl()
