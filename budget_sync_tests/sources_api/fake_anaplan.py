"""A local fake of Anaplan's authentication API and Integration API v2 (export actions and files).

Auth (`/token/authenticate`, `/token/refresh`): basic credentials, or CA certificate sign-in whose
signature over the random `encodedData` is verified with the registered certificate's public key
(SHA512withRSA). Tokens expire after `token_lifetime` seconds. API (`/2/0/workspaces/{w}/models/{m}/...`):
exports list, export tasks (POST, GET, DELETE to cancel), the failure dump, files list, chunks, whole file.
Bodies use the documented `meta` / `status` wrappers; errors are `{"status": {"code", "message"}}`.
"""

from __future__ import annotations

import base64
import re
import secrets
import threading
import time
from dataclasses import dataclass

from cryptography import x509
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import padding

from budget_sync_tests.sources_api.fake_http import Reply, Request

MODEL = re.compile(r"^/2/0/workspaces/([^/]+)/models/([^/]+)(/.*)?$")
OK = {"code": 200, "message": "Success"}


@dataclass
class FakeExport:
    name: str
    content: bytes
    chunk_size: int = 1_000_000
    behaviour: str = "ok"  # ok | fail | never | cancel
    polls_to_finish: int = 2
    dump: bytes = b""


def anaplan_error(status: int, message: str) -> Reply:
    return Reply.json(status, {"status": {"code": status, "message": message}})


class FakeAnaplan:
    def __init__(self, workspace: str, model: str):
        self.workspace, self.model = workspace, model
        self.url = ""
        self.users: dict[str, str] = {}
        self.certificates: dict[str, x509.Certificate] = {}  # base64 DER -> certificate
        self.tokens: dict[str, float] = {}  # token -> expiry (epoch s)
        self.issued: list[str] = []  # every token ever handed out
        self.token_lifetime = 2100.0
        self.exports: dict[str, FakeExport] = {}
        self.tasks: dict[str, dict] = {}
        self.forbidden = False
        self.failures: list[Reply] = []
        self.revoke_at_call: int | None = None  # drop every token when the API call count reaches this
        self.sign_ins = self.refreshes = self.api_call_count = 0
        self.log: list[tuple[str, str]] = []
        self.lock = threading.Lock()

    def handle(self, request: Request) -> Reply:
        with self.lock:
            self.log.append((request.method, request.path))
            if request.path == "/token/authenticate" and request.method == "POST":
                return self._authenticate(request)
            if request.path == "/token/refresh" and request.method == "POST":
                return self._refresh(request)
            self.api_call_count += 1
            if self.revoke_at_call == self.api_call_count:
                self.tokens.clear()
            if not self._token_ok(request):
                return anaplan_error(401, "Unauthorized")
            if self.failures:
                return self.failures.pop(0)
            return self._api(request)

    # --- authentication -------------------------------------------------------------------------
    def _issue(self) -> Reply:
        token = secrets.token_urlsafe(32)
        expires = time.time() + self.token_lifetime
        self.tokens[token] = expires
        self.issued.append(token)
        info = {
            "expiresAt": int(expires * 1000),
            "tokenId": secrets.token_hex(16),
            "tokenValue": token,
            "refreshTokenId": secrets.token_hex(16),
        }
        meta = {"validationUrl": f"{self.url}/token/validate"}
        return Reply.json(
            200, {"meta": meta, "status": "SUCCESS", "statusMessage": "Login successful", "tokenInfo": info}
        )

    def _authenticate(self, request: Request) -> Reply:
        self.sign_ins += 1
        scheme, _, value = request.headers.get("authorization", "").partition(" ")
        if scheme == "Basic":
            user, _, password = base64.b64decode(value).decode().partition(":")
            if self.users.get(user) == password:
                return self._issue()
        elif scheme == "CACertificate" and value in self.certificates:
            body = request.json()
            try:
                self.certificates[value].public_key().verify(
                    base64.b64decode(body["encodedSignedData"]),
                    base64.b64decode(body["encodedData"]),
                    padding.PKCS1v15(),
                    hashes.SHA512(),
                )
                if len(base64.b64decode(body["encodedData"])) >= 100:
                    return self._issue()
            except (InvalidSignature, KeyError, ValueError):
                pass
        return Reply.json(401, {"status": "FAILURE_BAD_CREDENTIAL", "statusMessage": "Login failed"})

    def _refresh(self, request: Request) -> Reply:
        self.refreshes += 1
        token = request.headers.get("authorization", "").removeprefix("AnaplanAuthToken ")
        if self.tokens.pop(token, 0) < time.time():
            return Reply.json(401, {"status": "FAILURE_BAD_CREDENTIAL", "statusMessage": "Token invalid"})
        return self._issue()

    def _token_ok(self, request: Request) -> bool:
        token = request.headers.get("authorization", "").removeprefix("AnaplanAuthToken ")
        return self.tokens.get(token, 0) > time.time()

    # --- Integration API v2 ---------------------------------------------------------------------
    def _api(self, request: Request) -> Reply:
        match = MODEL.match(request.path)
        if not match or match.group(1) != self.workspace or match.group(2) != self.model:
            return anaplan_error(404, "Not Found")
        if self.forbidden:
            return anaplan_error(403, "Forbidden")
        parts = (match.group(3) or "/").strip("/").split("/")
        route = (request.method, parts[0], len(parts))
        if route == ("GET", "exports", 1):
            exports = [
                {
                    "id": i,
                    "name": e.name,
                    "exportType": "GRID_CURRENT_PAGE",
                    "exportFormat": "text/csv",
                    "encoding": "UTF-8",
                }
                for i, e in self.exports.items()
            ]
            return self._ok({"exports": exports, "meta": {"paging": {"currentPageSize": len(exports)}}})
        if parts[0] == "exports" and len(parts) >= 3 and parts[2] == "tasks":
            if parts[1] not in self.exports:
                return anaplan_error(404, "Not Found")
            return self._task_route(request, parts)
        if parts[0] == "files":
            return self._file_route(request, parts)
        return anaplan_error(404, "Not Found")

    def _ok(self, payload: dict) -> Reply:
        meta = {"schema": f"{self.url}/2/0/models/{self.model}/objects/task", **payload.pop("meta", {})}
        return Reply.json(200, {"meta": meta, "status": OK, **payload})

    def _task_route(self, request: Request, parts: list[str]) -> Reply:
        export = self.exports[parts[1]]
        if request.method == "POST" and len(parts) == 3:
            if "localeName" not in request.json():
                return anaplan_error(400, "localeName is required")
            task_id = secrets.token_hex(16).upper()
            self.tasks[task_id] = {"export": parts[1], "polls": 0, "state": "NOT_STARTED"}
            return self._ok({"task": {"taskId": task_id}})
        task = self.tasks.get(parts[3]) if len(parts) > 3 else None
        if task is None:
            return anaplan_error(404, "Not Found")
        if request.method == "DELETE":
            task["state"] = "CANCELLING"
            return self._ok({"task": {"taskState": "CANCELLING"}})
        if len(parts) == 5 and parts[4] == "dump":
            return Reply(200, export.dump, {"Content-Type": "application/octet-stream"})
        task["polls"] += 1
        return self._ok({"task": self._task_info(parts[3], task, export)})

    def _task_info(self, task_id: str, task: dict, export: FakeExport) -> dict:
        info = {"type": "taskInformation", "taskId": task_id, "creationTime": int(time.time() * 1000)}
        cancel_now = export.behaviour == "cancel" and task["polls"] >= export.polls_to_finish
        if task["state"] in ("CANCELLING", "CANCELLED") or cancel_now:
            task["state"] = "CANCELLED"
            return {**info, "taskState": "CANCELLED", "progress": 1.0, "currentStep": "Cancelled."}
        if export.behaviour == "never" or task["polls"] < export.polls_to_finish:
            task["state"] = "IN_PROGRESS"
            return {**info, "taskState": "IN_PROGRESS", "progress": 0.4, "currentStep": "Exporting"}
        failed = export.behaviour == "fail"
        result = {
            "objectId": task["export"],
            "successful": not failed,
            "failureDumpAvailable": failed and bool(export.dump),
            "details": [{"localMessageText": "Line item 'Budget' is invalid", "type": "exportFailed"}]
            if failed
            else [],
        }
        step = "Failed." if failed else "Complete."
        return {**info, "taskState": "COMPLETE", "progress": 1.0, "currentStep": step, "result": result}

    def _file_route(self, request: Request, parts: list[str]) -> Reply:
        if len(parts) == 1:
            files = [
                {"id": i, "name": e.name, "chunkCount": len(_chunks(e))} for i, e in self.exports.items()
            ]
            return self._ok({"files": files})
        export = self.exports.get(parts[1])
        if export is None:
            return anaplan_error(404, "Not Found")
        chunks = _chunks(export)
        if len(parts) == 2:
            return Reply(200, export.content, {"Content-Type": "application/octet-stream"})
        if len(parts) == 3 and parts[2] == "chunks":
            return self._ok({"chunks": [{"id": str(i), "name": f"Chunk {i}"} for i in range(len(chunks))]})
        if len(parts) == 4 and parts[3].isdigit() and int(parts[3]) < len(chunks):
            if request.headers.get("accept") != "application/octet-stream":
                return anaplan_error(406, "Not Acceptable")
            return Reply(200, chunks[int(parts[3])], {"Content-Type": "application/octet-stream"})
        return anaplan_error(404, "Not Found")


def _chunks(export: FakeExport) -> list[bytes]:
    data, size = export.content, export.chunk_size
    return [data[i : i + size] for i in range(0, len(data), size)] or []
