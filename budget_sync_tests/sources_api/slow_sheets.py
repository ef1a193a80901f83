"""The fake Sheets API answering each API call after a delay (a real source's latency), counting how many
calls it was answering at once."""

from __future__ import annotations

import threading
import time

from budget_sync_tests.sources_api.fake_http import Reply, Request
from budget_sync_tests.sources_api.fake_sheets import FakeSheets


class SlowSheets(FakeSheets):
    def __init__(self, delay: float):
        super().__init__()
        self.delay = delay
        self.in_flight = self.most_in_flight = 0
        self._count = threading.Lock()

    def handle(self, request: Request) -> Reply:
        if request.path == "/token":
            return super().handle(request)
        with self._count:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.delay)
            return super().handle(request)
        finally:
            with self._count:
                self.in_flight -= 1
