"""One typed ``Settings``, built by one function, passed down; nothing connects at import."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from platformdirs import user_data_dir

from ascent.errors import ConfigError
from ascent.importers.limits import DEFAULT_LIMITS, Limits

ENV_DATABASE_URL = "ASCENT_DATABASE_URL"
#: signs the web app's session and CSRF cookies; required when serving beyond this machine
ENV_SECRET_KEY = "ASCENT_SECRET_KEY"  # noqa: S105 - the variable's name, not a secret
#: where uploads wait for their background import: a folder web and import workers share
ENV_SPOOL_DIR = "ASCENT_SPOOL_DIR"


def default_data_dir() -> Path:
    """The per-user data directory where the embedded SQLite databases live."""
    return Path(os.environ.get("ASCENT_HOME") or user_data_dir("ascent", appauthor=False))


def default_spool_dir() -> Path:
    """``ASCENT_SPOOL_DIR``, else the ``spool`` folder of the data directory."""
    folder = os.environ.get(ENV_SPOOL_DIR)
    return Path(folder) if folder else default_data_dir() / "spool"


@dataclass(frozen=True, slots=True)
class Settings:
    database_url: str
    #: True when the URL came from the user (``--db`` or the environment), not the default
    explicit_database: bool = False
    #: caps on what one import may cost (``ASCENT_LIMIT_*``)
    limits: Limits = DEFAULT_LIMITS
    #: the web app's cookie-signing secret (``ASCENT_SECRET_KEY``); None: a random one per run
    secret_key: str | None = None
    #: where uploaded exports wait for their import; None: ``default_spool_dir()`` when
    #: used (web and import workers must all reach the same folder)
    spool_dir: Path | None = None

    def spool(self) -> Path:
        """The spool folder: ``spool_dir``, else ``ASCENT_SPOOL_DIR``, else the data
        directory's ``spool``."""
        return self.spool_dir or default_spool_dir()


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"


def load_settings(db: str | None = None, *, default_name: str = "ascent.db") -> Settings:
    """``--db`` wins over ``ASCENT_DATABASE_URL``, which wins over the embedded default."""
    url = db or os.environ.get(ENV_DATABASE_URL)
    if url:
        if not url.startswith(("sqlite", "postgresql")):
            raise ConfigError(
                f"unsupported database URL {url!r}: use sqlite:/// or postgresql+psycopg://"
            )
        return Settings(
            url, explicit_database=True, limits=Limits.from_env(), secret_key=_secret_key()
        )
    data_dir = default_data_dir()
    data_dir.mkdir(parents=True, exist_ok=True)
    return Settings(
        sqlite_url(data_dir / default_name), limits=Limits.from_env(), secret_key=_secret_key()
    )


def _secret_key() -> str | None:
    key = os.environ.get(ENV_SECRET_KEY) or None
    if key is not None and len(key) < 32:
        raise ConfigError(f"{ENV_SECRET_KEY} must be at least 32 characters long")
    return key
