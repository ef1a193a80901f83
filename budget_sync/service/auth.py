"""Bearer tokens from BUDGET_SYNC_API_TOKENS: space-separated `token:*` (every customer) or
`token:acme,globex` (those customers). Tokens are compared in constant time and never logged or echoed.

The status page also accepts the token from the `budget_sync_token` cookie, so a browser (and the page's
Refresh Now button) can use it without the token appearing in a URL."""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from budget_sync.errors import ConfigError

COOKIE = "budget_sync_token"
ALL = "*"


@dataclass(frozen=True)
class Grant:
    customers: frozenset[str]  # {"*"} for every customer

    def allows(self, customer_id: str) -> bool:
        return ALL in self.customers or customer_id in self.customers


def parse_tokens(text: str | None) -> list[tuple[str, Grant]]:
    """Parse the setting; raises ConfigError naming the entry's position (never its token)."""
    grants = []
    for index, entry in enumerate((text or "").split(), start=1):
        token, sep, scope = entry.rpartition(":")
        customers = frozenset(c for c in scope.split(",") if c)
        if not sep or not token or not customers:
            raise ConfigError(
                f"BUDGET_SYNC_API_TOKENS entry {index} is not `token:*` or `token:customer1,customer2`"
            )
        grants.append((token, Grant(customers)))
    return grants


class Tokens:
    def __init__(self, grants: list[tuple[str, Grant]]):
        self._grants = [(token.encode(), grant) for token, grant in grants]

    def grant_for(self, token: str | None) -> Grant | None:
        if not token:
            return None
        given = token.encode()
        found = None
        for known, grant in self._grants:  # no early exit: the time does not depend on which one matched
            if hmac.compare_digest(known, given):
                found = grant
        return found


def bearer(authorization: str | None, cookie: str | None = None) -> str | None:
    if authorization:
        scheme, _, value = authorization.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None
    return cookie or None
