"""A cap on what one request may send: an upload (to a path that takes one) is bounded by the
import limits, any other body by a megabyte, before anything (the CSRF check included) reads
the body."""

from __future__ import annotations

import json
import re
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ascent.errors import error_document

FORM_BYTES = 1 << 20


class TooLarge(Exception):
    """The body went past its cap while it was being read."""


class BodyLimit:
    """Refuse (413) a request whose body is, or turns out to be, larger than its cap."""

    def __init__(self, app: ASGIApp, upload_bytes: int, *, uploads: re.Pattern[str]) -> None:
        self.app = app
        self.upload_bytes = upload_bytes
        #: the paths that take uploads; every other body is a form of at most a megabyte
        self.uploads = uploads

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        cap = self._cap(scope)
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > cap):
            await _too_large(send, cap)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            seen += len(message.get("body", b""))
            if seen > cap:
                raise TooLarge
            return message

        async def tracked(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, tracked)
        except TooLarge:
            if not started:
                await _too_large(send, cap)

    def _cap(self, scope: Scope) -> int:
        upload = self.uploads.fullmatch(scope.get("path", "")) is not None
        return self.upload_bytes if upload else FORM_BYTES


async def _too_large(send: Send, cap: int) -> None:
    message = f"the request is larger than {cap:,} bytes"
    body = json.dumps(error_document("too_large", message)).encode()
    headers: list[Any] = [
        (b"content-type", b"application/json"),
        (b"content-length", str(len(body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": body})
