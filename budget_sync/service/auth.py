"""Bearer tokens from BUDGET_SYNC_API_TOKENS: space-separated `token:*` (every customer) or
`token:acme,globex` (those customers). Tokens are looked up by their digest (see `Tokens`) and never logged or echoed.

The status page also accepts the token from the `budget_sync_token` cookie, so a browser (and the page's
Refresh Now button) can use it without the token appearing in a URL."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from budget_sync.errors import ConfigError

COOKIE = "budget_sync_token"
SEEN = 1024  # valid tokens kept by value
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
    """Looked up by the token's SHA-256 digest: one hash and one dict probe whatever the number of tokens
    (a linear scan of 1,000 tokens cost about 1 ms a request). The probe's timing depends only on the
    digest of what was sent, which tells an attacker nothing about a real token, so it needs no constant-
    time comparison. A token listed twice keeps its last entry."""

    def __init__(self, grants: list[tuple[str, Grant]]):
        self._grants = {_digest(token.encode()): grant for token, grant in grants}
        self._seen: dict[str, Grant] = {}

    def grant_for(self, token: str | None) -> Grant | None:
        """The token's grant. Tokens already found are kept by value (at most SEEN of them, as the
        environment already holds them), so a client sending one token needs no hash a request: a probe of
        a str-keyed dict depends on Python's keyed, per-process string hash, which tells an attacker
        nothing about the tokens either. Unknown tokens are never kept."""
        if not token:
            return None
        grant = self._seen.get(token)
        if grant is None:
            grant = self._grants.get(_digest(token.encode()))
            if grant is not None and len(self._seen) < SEEN:
                self._seen[token] = grant
        return grant


def _digest(token: bytes) -> bytes:
    return hashlib.sha256(token).digest()


def bearer(authorization: str | None, cookie: str | None = None) -> str | None:
    if authorization:
        scheme, _, value = authorization.partition(" ")
        return value.strip() if scheme.lower() == "bearer" and value.strip() else None
    return cookie or None
