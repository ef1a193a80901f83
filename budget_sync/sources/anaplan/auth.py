"""Anaplan authentication (auth API v2): basic or CA certificate sign-in, token refresh before expiry.

Certificate sign-in follows Anaplan's documented format: header `Authorization: CACertificate <base64 DER
certificate>` and a JSON body with `encodedData` (base64 of 100 random bytes, new for each sign-in) and
`encodedSignedData` (base64 of those bytes signed with the certificate's private key, SHA512withRSA).
Tokens last about 35 minutes; one that expires within REFRESH_MARGIN seconds is refreshed first.
"""

from __future__ import annotations

import base64
import logging
import os
import time
from typing import Any

import requests
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import padding

from budget_sync.sources.anaplan.credentials import env_secret, load_certificate, load_private_key
from budget_sync.sources.anaplan.settings import AnaplanSettings
from budget_sync.sources.anaplan.transport import send, status_message

log = logging.getLogger(__name__)
REFRESH_MARGIN = 300.0


class AnaplanAuth:
    def __init__(self, cfg: AnaplanSettings, session: requests.Session):
        self.cfg = cfg
        self.session = session
        self._token: str | None = None
        self._expires_at = 0.0  # epoch seconds

    def header(self) -> dict[str, str]:
        """The Authorization header for an API call, signing in or refreshing first when needed."""
        if self._token is None:
            self.sign_in()
        elif self._expires_at - time.time() < REFRESH_MARGIN:
            self.refresh()
        return {"Authorization": f"AnaplanAuthToken {self._token}"}

    def forget(self) -> None:
        """Drop the token (the API refused it); the next header() signs in again."""
        self._token = None

    def sign_in(self) -> None:
        kwargs: dict[str, Any]
        if self.cfg.auth == "certificate":
            headers, body = self._certificate_request()
            kwargs = {"json": body}
        else:
            headers, kwargs = {}, {"auth": (self.cfg.username, env_secret(self.cfg, "password_env"))}
        response = send(
            self.session,
            self.cfg,
            "POST",
            f"{self.cfg.auth_url}/token/authenticate",
            "sign in",
            headers=headers,
            **kwargs,
        )
        if not response.ok:
            raise self._refused(response)
        self._take(response)
        log.info("anaplan %s: signed in (%s)", self.cfg.customer_id, self.cfg.auth)

    def refresh(self) -> None:
        response = send(
            self.session,
            self.cfg,
            "POST",
            f"{self.cfg.auth_url}/token/refresh",
            "refresh the sign-in token",
            headers={"Authorization": f"AnaplanAuthToken {self._token}"},
        )
        if not response.ok:
            log.info(
                "anaplan %s: token refresh refused (HTTP %d); signing in again",
                self.cfg.customer_id,
                response.status_code,
            )
            self.sign_in()
            return
        self._take(response)
        log.info("anaplan %s: token refreshed", self.cfg.customer_id)

    def _take(self, response) -> None:
        try:
            info = response.json()["tokenInfo"]
            self._token = str(info["tokenValue"])
            self._expires_at = float(info["expiresAt"]) / 1000.0
        except (ValueError, KeyError, TypeError):
            raise self.cfg.error(
                "Anaplan's sign-in answer has no token",
                "settings auth_url (default https://auth.anaplan.com) points at Anaplan's authentication service",
                retryable=True,
            ) from None

    def _certificate_request(self) -> tuple[dict, dict]:
        certificate = load_certificate(self.cfg)
        key = load_private_key(self.cfg)
        nonce = os.urandom(100)
        try:
            signature = key.sign(nonce, padding.PKCS1v15(), hashes.SHA512())
        except (TypeError, AttributeError):
            raise self.cfg.error(
                f"the private key in {self.cfg.private_key_env} is not an RSA key",
                "Anaplan certificate sign-in needs the RSA private key of the certificate",
            ) from None
        der = certificate.public_bytes(serialization.Encoding.DER)
        headers = {"Authorization": "CACertificate " + base64.b64encode(der).decode()}
        body = {
            "encodedData": base64.b64encode(nonce).decode(),
            "encodedSignedData": base64.b64encode(signature).decode(),
        }
        return headers, body

    def _refused(self, response):
        reason = status_message(response) or f"HTTP {response.status_code}"
        if self.cfg.auth == "certificate":
            return self.cfg.error(
                f"Anaplan refused the certificate sign-in ({reason})",
                f"the certificate in {self.cfg.certificate_env} is issued by a CA Anaplan trusts, is not expired, "
                f"is linked to an Anaplan user, and {self.cfg.private_key_env} holds its private key",
            )
        return self.cfg.error(
            f"Anaplan refused the sign-in of user {self.cfg.username!r} ({reason})",
            f"setting username and the password in environment variable {self.cfg.password_env} (setting "
            "password_env); users that must sign in with SSO need certificate authentication instead",
        )
