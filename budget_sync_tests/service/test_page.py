"""The status page in a real headless chromium (Debian's, driven by Playwright): the failing state, with a
screenshot, and the Refresh Now button calling sync-now."""

from __future__ import annotations

import os
import struct

import pytest

from budget_sync_tests.service.conftest import ROWS

CHROMIUM = "/usr/bin/chromium"
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
pytestmark = pytest.mark.slow


@pytest.fixture
def page(server):
    if not os.path.exists(CHROMIUM):
        if os.environ.get("CI") == "true":
            pytest.fail(f"{CHROMIUM} is required under CI=true (.ci/run installs it)")
        pytest.skip(f"{CHROMIUM} is not installed")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        context = browser.new_context()
        context.add_cookies([{"name": "budget_sync_token", "value": "acme-token", "url": server.url}])
        yield context.new_page()
        browser.close()


def test_failing_card_shows_the_failure_and_refresh_now_syncs(
    page, server, client, register, drops, tmp_path
):
    register("acme")
    drops.write("acme", ROWS)
    client.post("/api/connectors/sync-now", json={"customerId": "acme"})
    (drops.root / "acme" / "budget.csv").write_text("not a budget\n\x00", encoding="utf-8")
    assert client.post("/api/connectors/sync-now", json={"customerId": "acme"}).json()["success"] is False

    page.goto(f"{server.url}/customers/acme")
    badge = page.locator("#status")
    assert badge.inner_text() == "Sync failing"
    assert badge.evaluate("e => getComputedStyle(e).backgroundColor") == "rgb(209, 36, 47)"
    assert "Last sync failed" in page.locator("#last-error").inner_text()
    shot = page.locator("#card").screenshot(path=str(tmp_path / "failing.png"))
    assert shot[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", shot[16:24])
    assert width > 300 and height > 200

    drops.write("acme", ROWS)
    page.locator("#refresh").click()
    page.wait_for_function("document.getElementById('status').innerText === 'Synced'", timeout=20000)
    assert "3" in page.locator("#details").inner_text()
