"""Headers on every answer: how long the app took (``Server-Timing``, for the browser's
developer tools and the page-speed benchmark) and what the browser may do with the page.

The content security policy allows scripts, styles, images and requests from this app only,
so a page can neither load from another host nor be framed by one. Vega compiles a chart's
expressions with ``Function`` (``'unsafe-eval'``), and Vega and HTMX set inline styles.
"""

from __future__ import annotations

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'unsafe-eval'",
        "style-src 'self' 'unsafe-inline'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "frame-ancestors 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ]
)
FIXED = [
    (b"content-security-policy", POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"same-origin"),
]


class Headers:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        start = time.perf_counter()

        async def sent(message: Message) -> None:
            if message["type"] == "http.response.start":
                took = f"app;dur={(time.perf_counter() - start) * 1000:.1f}".encode()
                headers = [*message.get("headers", []), *FIXED, (b"server-timing", took)]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, sent)
