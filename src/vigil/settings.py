"""Configuration from ``VIGIL_*`` environment variables (documented in docs/configuration.md).

Built by a factory, never at import time, so tests and the CLI can pass their own values.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

__all__ = ["Settings", "get_settings"]


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="VIGIL_", extra="ignore", frozen=True)

    database_url: str = Field(
        default="sqlite:///./var/vigil.db",
        description="SQLAlchemy URL. SQLite file by default; postgresql+psycopg://… works too.",
    )
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=8000, ge=1, le=65535, description="Port the web app listens on.")
    workers: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Worker processes of `vigil serve` (one per core is a good start).",
    )
    threads: int = Field(
        default=4,
        ge=1,
        le=256,
        description="Threads per worker process for routes that touch the database.",
    )
    sqlite_sync: Literal["commit", "checkpoint"] = Field(
        default="commit",
        description="SQLite only: sync each data commit to disk before acknowledging it "
        "(commit), or at the next checkpoint, about a second later (checkpoint).",
    )
    cookie_secure: bool = Field(
        default=False,
        description="Send session cookies only over HTTPS (set true behind TLS).",
    )
    login_attempts_per_5_minutes: int = Field(
        default=20, ge=1, description="Sign-in attempts allowed per client address."
    )
    news_refresh_minutes: float = Field(
        default=0,
        ge=0,
        description="How often `vigil serve` refreshes the news feed (0, the default: never; "
        "the feed then changes only by `vigil news fetch`).",
    )
    demo: bool = Field(default=False, description="Demo mode: demo accounts may sign in.")
    today: dt.date | None = Field(
        default=None, description="Fix 'today' (demos and tests); the real date when unset."
    )


def get_settings(**overrides: object) -> Settings:
    """Settings from the environment, with explicit overrides (e.g. from CLI options) on top."""
    values = {key: value for key, value in overrides.items() if value is not None}
    return Settings(**values)  # type: ignore[arg-type]
