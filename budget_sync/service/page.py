"""GET /customers/{id}: the design's dashboard card, server-rendered: source, status, last / next sync,
frequency, counts, over-committed budgets, recent history, unread notifications and a Refresh Now button
that calls sync-now (the token comes from the Authorization header or the `budget_sync_token` cookie,
which the button's same-origin fetch sends along)."""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse

from budget_sync.service.status import history_rows, sync_status

STATUS_WORDS = {
    "synced": "Synced",
    "failing": "Sync failing",
    "syncing": "Syncing now",
    "never_synced": "Never synced",
}
STYLE = """
body { font-family: sans-serif; margin: 2rem; color: #1b1f24; background: #f5f6f8; }
.card { background: #fff; border-radius: 8px; padding: 1.5rem; max-width: 46rem; box-shadow: 0 1px 3px #0003; }
.badge { display: inline-block; padding: .3rem .8rem; border-radius: 4px; font-weight: bold; color: #fff; }
.status-synced { background: #1a7f37; } .status-failing { background: #d1242f; }
.status-syncing { background: #0969da; } .status-never_synced { background: #6e7781; }
.error { background: #ffebe9; border: 1px solid #d1242f; padding: .6rem; margin: .8rem 0; }
table { border-collapse: collapse; margin: .5rem 0; } td, th { padding: .2rem .7rem; text-align: left; }
button { font-size: 1rem; padding: .4rem 1rem; }
"""
SCRIPT = """
document.getElementById('refresh').addEventListener('click', async (event) => {
  const button = event.target, out = document.getElementById('refresh-result');
  button.disabled = true; out.textContent = 'Syncing...';
  try {
    const response = await fetch('/api/connectors/sync-now', {method: 'POST', credentials: 'same-origin',
      headers: {'Content-Type': 'application/json'}, body: JSON.stringify({customerId: button.dataset.customer})});
    const data = await response.json();
    if (data.success) { out.textContent = 'Synced ' + data.budgetsImported + ' budgets.'; location.reload(); }
    else { out.textContent = 'Sync failed: ' + (data.error || response.status); out.className = 'error'; }
  } catch (error) { out.textContent = 'Sync failed: ' + error; out.className = 'error'; }
  button.disabled = false;
});
"""


async def customer_page(request: Request) -> HTMLResponse:
    from budget_sync.store.notifications import list_notifications

    svc = request.app.state.service
    customer_id = svc.authorize(request, request.path_params["customer_id"])
    customer = await svc.run(svc.customer, customer_id)
    state = await svc.run(sync_status, svc.engine, customer, syncing=svc.runner.busy(customer.id))
    recent = await svc.run(history_rows, svc.engine, customer.id, 10)
    unread = await svc.run(list_notifications, svc.engine, customer.id, True)
    return HTMLResponse(render(state, recent, unread))


def _when(value: str | None, never: str = "never") -> str:
    return escape(value.replace("T", " ")[:19] + " UTC") if value else never


def render(state: dict, recent: list[dict], unread: list[dict]) -> str:
    e = escape
    status = state["status"]
    rows = "".join(
        f"<tr><td>{e(label)}</td><td>{value}</td></tr>"
        for label, value in (
            ("Source", e(state["sourceType"])),
            ("Last synced", _when(state["lastSyncedAt"])),
            ("Next sync", _when(state["nextSyncAt"], "on request only")),
            ("Frequency", e(state["syncFrequency"])),
            *((e(k), e(str(v))) for k, v in state["counts"].items()),
        )
    )
    error = ""
    if status == "failing":
        error = (
            f'<div class="error" id="last-error"><strong>Last sync failed:</strong> {e(state["lastError"] or "")}'
            f"<br>Budget checks use the last good data ({_when(state['lastSyncedAt'])}).</div>"
        )
    over = "".join(
        f"<li>{e(i['department'])}{' / ' + e(i['subCategory']) if i['subCategory'] else ''} "
        f"{e(i['fiscalPeriod'])}: budget {e(i['budgeted'])}, committed {e(i['committed'])}, "
        f"reserved {e(i['reserved'])}</li>"
        for i in state["overcommitted"]
    )
    over = f'<h3>Over-committed budgets</h3><ul id="overcommitted">{over}</ul>' if over else ""
    history = "".join(
        f"<tr><td>{_when(s['startedAt'])}</td><td>{e(s['status'])}</td><td>{e(s['trigger'] or '')}</td>"
        f"<td>{s['budgetsImported']}</td><td>{e(s['error'] or '')}</td></tr>"
        for s in recent
    )
    notes = "".join(f"<li><strong>{e(n['title'])}</strong>: {e(n['body'])}</li>" for n in unread)
    return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{e(state["name"])}: budget sync</title>
<style>{STYLE}</style></head>
<body><div class="card" id="card">
<h2>{e(state["name"])} <small>({e(state["customerId"])})</small></h2>
<span class="badge status-{e(status)}" id="status">{e(STATUS_WORDS.get(status, status))}</span>
{error}
<table id="details">{rows}</table>
{over}
<p><button id="refresh" data-customer="{e(state["customerId"])}">Refresh Now</button>
<span id="refresh-result" role="status"></span></p>
<h3>Recent syncs</h3>
<table id="history"><tr><th>Started</th><th>Status</th><th>Trigger</th><th>Budgets</th><th>Error</th></tr>
{history}</table>
<h3>Unread notifications</h3><ul id="notifications">{notes or "<li>none</li>"}</ul>
</div><script>{SCRIPT}</script></body></html>"""
