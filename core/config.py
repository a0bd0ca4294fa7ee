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
    # Webhook mode (production, behind a reverse proxy); long polling when the URL is not set.
    # The public HTTPS URL Telegram posts updates to, e.g. "https://sakip.example.go.id/telegram/webhook".
    telegram_webhook_url: str | None = None
    # Checked against the X-Telegram-Bot-Api-Secret-Token header (1-256 of A-Z a-z 0-9 _ -).
    telegram_webhook_secret: str | None = None
    # The local path the ASGI app serves (default: the path of telegram_webhook_url).
    telegram_webhook_path: str | None = None
    # host:port for `sakip bot` alone in webhook mode (`sakip run` serves it on SAKIP_HOST/PORT).
    telegram_webhook_listen: str = "127.0.0.1:8081"
    timezone: str = "Asia/Jakarta"
    link_code_ttl_days: int = 7
    host: str = "127.0.0.1"
    port: int = 8000
    # dashboard/API accounts (issue 6): session lifetime, lockout, uploads, cookie flags
    sesi_jam: int = 8
    login_maks_gagal: int = 5
    login_kunci_menit: int = 15
    unggah_maks_mb: int = 10
    cookie_secure: bool = False  # set true behind HTTPS (SAKIP_COOKIE_SECURE=true)
    # structured logs of `sakip run`: "json" (one object per line) or "text"
    log_format: str = "text"
    log_level: str = "INFO"
    # reminders (issue 5): daily run at pengingat_jam WIB; stages in working days before the deadline
    pengingat_aktif: bool = True
    pengingat_jam: str = "08:00"
    pengingat_hanya_hari_kerja: bool = True
    pengingat_tahap_hari_kerja: str = "3,1,0"
    pengingat_hari_ringkasan: int = 0  # weekly summary: 0 = Senin
    # outbox sender: overall messages per second (Telegram allows ~30), drain interval in seconds
    kirim_pesan_per_detik: float = 28.0
    kirim_interval_detik: float = 30.0

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
