"""Bounds every fuzz case shares: address space and wall time.

A case that would take gigabytes fails with ``MemoryError`` instead of taking the machine; one
that would run for minutes fails with ``TimeoutError``. Both are failures, never skips.
"""

from __future__ import annotations

import resource
import signal
from collections.abc import Iterator
from pathlib import Path
from types import FrameType

import pytest
from hypothesis import HealthCheck, settings

#: address space a case may add to what the test process already maps
MEMORY_BUDGET = 1024**3
#: wall time one test (all its examples) may take
TEST_SECONDS = 60

settings.register_profile(
    "fuzz",
    derandomize=True,  # the same examples on every run and machine
    database=None,
    deadline=10_000,  # milliseconds per example: a bound, far above a normal case
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _mapped_bytes() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmSize:"):
            return int(line.split()[1]) * 1024
    raise RuntimeError("no VmSize in /proc/self/status")  # pragma: no cover - Linux only


@pytest.fixture(autouse=True)
def _bounded_memory() -> Iterator[None]:
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    cap = _mapped_bytes() + MEMORY_BUDGET
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _out_of_time(_signum: int, _frame: FrameType | None) -> None:
    raise TimeoutError(f"a fuzz test ran past {TEST_SECONDS} s")


@pytest.fixture(autouse=True)
def _bounded_time() -> Iterator[None]:
    previous = signal.signal(signal.SIGALRM, _out_of_time)
    signal.setitimer(signal.ITIMER_REAL, TEST_SECONDS)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
