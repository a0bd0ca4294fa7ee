"""Settings from environment variables and ``.env`` (pydantic-settings)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_file=".env", env_prefix="SAKIP_", extra="ignore")

    data_dir: Path = PROJECT_ROOT / "var"
    database_url: str | None = Field(
        default=None, validation_alias=AliasChoices("DATABASE_URL", "SAKIP_DATABASE_URL")
    )
    telegram_bot_token: str | None = Field(
        default=None,
        validation_alias=AliasChoices("TELEGRAM_BOT_TOKEN", "SAKIP_TELEGRAM_BOT_TOKEN"),
    )
    # Another Bot API server, e.g. "http://127.0.0.1:8081/bot" (self-hosted or a test server).
    telegram_base_url: str | None = None
    telegram_base_file_url: str | None = None
    timezone: str = "Asia/Jakarta"
    link_code_ttl_days: int = 7
    host: str = "127.0.0.1"
    port: int = 8000

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        self.data_dir.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{self.data_dir / 'sakip.db'}"


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for plain ``postgresql://`` URLs."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://") :]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://") :]
    return url


@lru_cache
def get_settings() -> Settings:
    return Settings()
