"""Varied post texts: each generated post gets its wording from the whole pool of its voice
(customer-focused or self-promotional), drawn from the persona's own ``…:posts`` random
stream, so the content coach sees many different posts and the routine's random stream (and
with it every persona's history) is not disturbed.

The voice is the one the routine drew at the persona's ``self_focused`` rate (the pusher
self-promotes four posts in five), except for the personas in ``LEARNING``, whose share of
self-promotion moves from the first rate to the second over their posts: the grinder learns
to write for the customer, so the coach's scores over time rise for them.
"""

from __future__ import annotations

import random
from dataclasses import replace
from typing import Final

from ascent.demo import texts
from ascent.demo.personas import Persona
from ascent.demo.timeline import History

#: persona -> share of self-promoting posts at their first and at their last post
LEARNING: Final[dict[str, tuple[float, float]]] = {"grinder": (0.7, 0.0)}


def vary_posts(persona: Persona, history: History, seed: int) -> None:
    """Re-word every post of ``history`` within its voice (or the learning curve's)."""
    rng = random.Random(f"ascent-demo:{seed}:{persona.key}:posts")  # noqa: S311 - demo data
    shares = sorted(history.shares, key=lambda s: s.posted_at)
    curve = LEARNING.get(persona.key)
    varied = []
    for n, share in enumerate(shares):
        if curve is None:
            self_voice = share.commentary in texts.SELF_POSTS
        else:
            first, last = curve
            self_voice = rng.random() < first + (last - first) * n / max(1, len(shares) - 1)
        pool = texts.SELF_VOICE if self_voice else texts.CUSTOMER_VOICE
        varied.append(replace(share, commentary=rng.choice(pool)))
    history.shares = varied
