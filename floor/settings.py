"""Settings from the environment (prefix FLOOR_), overridden by command-line flags."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Where things are and how the process runs."""

    model_config = SettingsConfigDict(env_prefix="FLOOR_", extra="forbid")

    broker: str | None = None
    """mqtt://host:port of an external broker; none starts the embedded one."""
    broker_port: int = 1883
    """Loopback port of the embedded broker."""
    broker_username: str | None = None
    broker_password: str | None = None
    """The orchestrator's account (see `floor devices provision`)."""
    catalog: Path | None = None
    center: Path | None = None
    db: Path = Path("var/floor.db")
    ha_discovery: bool = False
    """Publish Home Assistant MQTT discovery configs (queue lengths, device availability)."""
    sync: Literal["FULL", "NORMAL"] = "FULL"
    """FULL fsyncs every batch before anything is published."""
    idempotency_days: int = Field(default=7, ge=1, le=366)
    """Days a handled command's key is remembered: a copy arriving later counts as new."""
    log_level: str = "INFO"
    http_host: str = "127.0.0.1"
    """Where the console listens (a tablet on the center's LAN needs the LAN address)."""
    http_port: int = 8080
    """The console's port; 0 turns the console off."""
    users: Path = Path("var/users.json")
    """Console accounts (`floor users add`)."""
    secure_cookies: bool | None = None
    """Mark session cookies Secure; unset: when the request came over https (a TLS proxy)."""
    wait_alert_min: int = 20
    """Alert when someone has waited this many minutes."""
    city_summary_every: float = Field(default=60.0, gt=0)
    """Seconds between two summaries for the city (`floor/v1/{center}/city/summary`)."""
    dossier_url: str | None = None
    """http(s)://… of the city's dossier system (`GET /dossiers/{code}`); none: the center
    answers no dossier questions (the demo starts a simulated one)."""
    dossier_timeout: float = Field(default=2.0, gt=0, le=30)
    """Seconds one try at the dossier system may take."""
    dossier_retries: int = Field(default=1, ge=0, le=5)
    """Tries after the first when the dossier system does not answer."""
    sms_url: str = "file:var/sms-outbox.jsonl"
    """Where the result locker's texts go: an SMS gateway (http(s)://…, JSON POST) or a
    local outbox file (file:PATH, one JSON line per text: tests and the demo)."""
    sms_timeout: float = Field(default=5.0, gt=0, le=60)
    sms_retries: int = Field(default=2, ge=0, le=10)
    sms_token: str | None = None
    """Bearer token for the SMS gateway, if it asks for one."""
    city_key: Path | None = None
    """The city's public key (PEM, `floor city keygen`): the floor then takes the catalog
    versions and notices the city signs; without it, nothing from the city."""
