"""Sending e-mail: the SMTP settings and a sender over the standard library's ``smtplib``; a
test gives a fake or a loopback server instead.

Each setting comes from the environment (``ASCENT_SMTP_*``) or, when that is not set, from
the org's settings (``ascent org settings --set smtp_host=…``, ``service.org_settings``); the
password comes from the environment only, so that it is never stored in the database.

| variable (org setting) | meaning |
|---|---|
| ``ASCENT_SMTP_HOST`` (``smtp_host``) | the server; without it nothing can be sent |
| ``ASCENT_SMTP_PORT`` (``smtp_port``) | default 587 (``starttls``), 465 (``tls``), 25 (``none``) |
| ``ASCENT_SMTP_SECURITY`` (``smtp_security``) | ``starttls`` (default), ``tls`` or ``none`` |
| ``ASCENT_SMTP_USER`` (``smtp_user``), ``ASCENT_SMTP_PASSWORD`` | log in when a user is given |
| ``ASCENT_SMTP_FROM`` (``smtp_from``) | the sender's address (default ``ascent@`` the host) |
"""

from __future__ import annotations

import os
import smtplib
import ssl
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Final, Protocol

from ascent.errors import ConfigError

PREFIX: Final = "ASCENT_SMTP_"
SECURITY: Final = {"starttls": 587, "tls": 465, "none": 25}
TIMEOUT_SECONDS: Final = 30


@dataclass(frozen=True)
class SmtpSettings:
    host: str
    port: int
    security: str
    user: str | None
    password: str | None
    sender: str


def smtp_settings(
    environ: Mapping[str, str] | None = None, stored: Mapping[str, str] | None = None
) -> SmtpSettings:
    """The SMTP settings from ``ASCENT_SMTP_*``, else from the org's ``stored`` ones
    (``org_settings.mail_settings``); ``ConfigError`` naming what is wrong."""
    given = os.environ if environ is None else environ
    env = {f"{PREFIX}{k[5:].upper()}": v for k, v in (stored or {}).items() if v}
    env |= {k: v for k, v in given.items() if k.startswith(PREFIX) and v.strip()}
    host = env.get(PREFIX + "HOST", "").strip()
    if not host:
        raise ConfigError(
            f"set {PREFIX}HOST (and {PREFIX}PORT, {PREFIX}SECURITY …) or the org's smtp_host "
            "to send"
        )
    security = env.get(PREFIX + "SECURITY", "starttls").strip().lower() or "starttls"
    if security not in SECURITY:
        raise ConfigError(f"{PREFIX}SECURITY={security!r}: use starttls, tls or none")
    text = env.get(PREFIX + "PORT", "").strip()
    try:
        port = int(text) if text else SECURITY[security]
    except ValueError:
        raise ConfigError(f"{PREFIX}PORT={text!r} is not a port number") from None
    user = env.get(PREFIX + "USER") or None
    sender = env.get(PREFIX + "FROM") or f"ascent@{host}"
    return SmtpSettings(host, port, security, user, env.get(PREFIX + "PASSWORD"), sender)


class Sender(Protocol):
    """Sends messages (the port a test fakes)."""

    def send(self, messages: Iterable[EmailMessage]) -> int: ...


class SmtpSender:
    """Sends over one SMTP connection per call. A message the server refuses (a recipient or
    its data) is kept in ``refused`` with the server's answer and the others still go; a
    connection, TLS or login failure stops the run (``ConfigError``)."""

    def __init__(self, settings: SmtpSettings) -> None:
        self.settings = settings
        #: (recipient, the server's answer) of each message refused by the last ``send``
        self.refused: list[tuple[str, str]] = []

    def send(self, messages: Iterable[EmailMessage]) -> int:
        s = self.settings
        self.refused = []
        try:
            with self._connect() as smtp:
                if s.security == "starttls":
                    smtp.starttls(context=ssl.create_default_context())
                if s.user:
                    smtp.login(s.user, s.password or "")
                return sum(self._one(smtp, message) for message in messages)
        except (OSError, smtplib.SMTPException) as exc:
            raise ConfigError(f"smtp {s.host}:{s.port}: {exc}") from None

    def _one(self, smtp: smtplib.SMTP, message: EmailMessage) -> int:
        try:
            smtp.send_message(message)
        except (smtplib.SMTPRecipientsRefused, smtplib.SMTPDataError) as exc:
            self.refused.append((str(message["To"]), _answer(exc)))
            return 0
        return 1

    def _connect(self) -> smtplib.SMTP:
        s = self.settings
        if s.security == "tls":
            context = ssl.create_default_context()
            return smtplib.SMTP_SSL(s.host, s.port, timeout=TIMEOUT_SECONDS, context=context)
        return smtplib.SMTP(s.host, s.port, timeout=TIMEOUT_SECONDS)


def _answer(exc: smtplib.SMTPRecipientsRefused | smtplib.SMTPDataError) -> str:
    """The server's answer, as one line: ``550 no such user``."""
    text: bytes | str
    if isinstance(exc, smtplib.SMTPRecipientsRefused):
        code, text = next(iter(exc.recipients.values()))
    else:
        code, text = exc.smtp_code, exc.smtp_error
    words = text.decode("utf-8", "replace") if isinstance(text, bytes) else text
    return f"{code} {' '.join(words.split())}"
