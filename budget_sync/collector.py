"""Pausing Python's cyclic garbage collector around CPU-bound passes over a large export."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Reading, mapping and validating a large export allocate several objects per row and none of them
    form cycles; the cyclic garbage collector would otherwise run hundreds of times over them and take a
    third to a half of the time. Paused only around such CPU-bound stretches, never while waiting on the
    database; what it would have collected is collected on the next run after."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
