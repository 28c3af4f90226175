"""``ServiceResultStore``: the results store of a student's server on a class hub, which talks to
the class's results service (:mod:`mmer.store.service`) with the student's own JupyterHub token
instead of holding the class database's password. It has the calls the dashboard uses, with the
same meaning as :class:`~mmer.store.ResultStore`'s, so the app works the same on a hub; what is
not the student's is refused with :class:`~mmer.errors.AccessDeniedError`.

On a hub a student's practice history is kept under their login: the practice calls take the
same ``code`` argument as a database's but do not need it (:attr:`ServiceResultStore.signed_in_as`).
"""

from __future__ import annotations

import base64
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime

from ..errors import AccessDeniedError, InvalidArgumentError, StoreError
from .repository import Comparing
from .statistics import session_ids

#: Times a call is tried again when the service cannot be reached (the hub restarting it).
SERVICE_RETRIES = 3


def _dates(row: dict) -> dict:
    for key in ("created_at", "started_at"):
        if isinstance(row.get(key), str):
            row[key] = datetime.fromisoformat(row[key])
    return row


class ServiceResultStore(Comparing):
    """The class's results, through the hub's results service at ``url`` as the owner of ``token``
    (default: :func:`mmer.config.results_service_url` and :func:`mmer.config.hub_api_token`, which
    the hub sets in each student's server)."""

    def __init__(self, url: str | None = None, token: str | None = None, timeout: float = 30.0):
        from ..config import hub_api_token, results_service_url

        self.url = (url or results_service_url() or "").rstrip("/") + "/"
        self.token = token or hub_api_token()
        self.timeout = timeout
        if self.url == "/":
            raise StoreError("no results service is set (MMER_RESULTS_SERVICE_URL)")
        if not self.token:
            raise StoreError("the results service needs this server's JupyterHub token (JUPYTERHUB_API_TOKEN), "
                             "which the hub sets: open MMER from your course's hub")
        me = self._call("GET", "whoami")
        #: The student's login on the hub: their results and practice history are kept under it.
        self.signed_in_as: str = me["name"]
        self.teacher: bool = bool(me.get("teacher"))

    def display_url(self) -> str:
        return f"{self.url} (as {getattr(self, 'signed_in_as', '?')})"

    def _call(self, method: str, path: str, body: dict | None = None, query=(), raw: bool = False):
        address = self.url + "api/" + path + (("?" + urllib.parse.urlencode(list(query))) if query else "")
        data = None if body is None else json.dumps(body).encode()
        request = urllib.request.Request(address, data=data, method=method, headers={
            "Authorization": f"token {self.token}", "Content-Type": "application/json"})
        for attempt in range(SERVICE_RETRIES + 1):
            try:
                with urllib.request.urlopen(request, timeout=self.timeout) as response:
                    content = response.read()
                return content if raw else json.loads(content or b"null")
            except urllib.error.HTTPError as exc:
                try:
                    why = json.loads(exc.read() or b"{}").get("message") or exc.reason
                except ValueError:
                    why = exc.reason
                if exc.code == 403:
                    raise AccessDeniedError(f"the results service refused: {why}") from None
                if exc.code in (400, 404):
                    raise InvalidArgumentError(f"the results service refused: {why}") from None
                if exc.code not in (502, 503) or attempt == SERVICE_RETRIES:
                    raise StoreError(f"the results service {self.url} failed: {why}") from None
            except OSError as exc:  # not reachable (the hub restarting it), or no answer in time
                # A POST that may have reached the service is not sent again: the result it
                # carried may be stored already, and must be stored once.
                never_arrived = isinstance(getattr(exc, "reason", exc), ConnectionRefusedError)
                if attempt == SERVICE_RETRIES or (method == "POST" and not never_arrived):
                    raise StoreError(f"the results service {self.url} cannot be reached: {exc}") from None
            time.sleep(0.2 * 2**attempt)

    # -- writing ---------------------------------------------------------------------------------
    def new_session(self, source: str = "dashboard") -> str:
        return self._call("POST", "sessions", {"source": source})["session_id"]

    def add_parts(self, session_id: str, parts: list[dict], question: str = "", recording: bytes | None = None,
                  filename: str = "recording.webm") -> list[int]:
        body = {"parts": parts, "question": question, "filename": filename,
                "recording": base64.b64encode(bytes(recording)).decode() if recording is not None else None}
        return self._call("POST", f"sessions/{urllib.parse.quote(session_id)}/results", body)["ids"]

    def delete_session(self, session_id: str) -> int:
        return self._call("DELETE", f"sessions/{urllib.parse.quote(session_id)}")["deleted"]

    # -- reading ---------------------------------------------------------------------------------
    def results(self, session_id: str, modality: str | None = None) -> list[dict]:
        """The rows of one of the student's own sessions (a student reads no one else's)."""
        rows = [_dates(r) for r in self._call("GET", f"sessions/{urllib.parse.quote(session_id)}/results")]
        return [r for r in rows if modality is None or r["modality"] == modality]

    def others(self, modality: str, exclude_session=None) -> dict | None:
        """What other candidates of the class got (:func:`mmer.store.statistics.others`)."""
        exclude = [("exclude", e) for e in session_ids(exclude_session)]
        return self._call("GET", f"others/{urllib.parse.quote(modality)}", query=exclude)

    # -- practice history: the student's login is their code -----------------------------------
    def link_practice(self, code: str | None, session_id: str, role: str = "") -> None:
        self._call("POST", "practice", {"session_id": session_id, "role": role})

    def practice_sessions(self, code: str | None = None) -> list[str]:
        return [h["session_id"] for h in self.practice_history(code)]

    def practice_history(self, code: str | None = None) -> list[dict]:
        return [_dates(h) for h in self._call("GET", "practice")]

    def delete_practice(self, code: str | None = None) -> int:
        """Delete every result of the student's (what *Delete my results* means on a hub)."""
        return self._call("DELETE", "practice")["deleted"]

    # -- a teacher's ------------------------------------------------------------------------------
    def class_figures(self) -> dict:
        """The class's summary figures, for a teacher: ``{"results": n, "kinds": {kind: others}}``."""
        return self._call("GET", "class/figures")

    def count(self, modality: str | None = None) -> int:
        if modality is None:
            return self.class_figures()["results"]
        figures = self.others(modality)
        return figures["results"] if figures else 0

    def export_csv(self, path) -> int:
        """The class's results as :func:`mmer.store.formats.export_csv` writes them (a teacher's)."""
        from pathlib import Path

        import csv
        import io

        content = self._call("GET", "class/export", raw=True)
        Path(path).write_bytes(content)
        return max(0, len(list(csv.reader(io.StringIO(content.decode("utf-8"))))) - 1)

    def import_csv(self, path) -> int:
        raise AccessDeniedError("results are imported into the class database itself, on the hub "
                                "(`mmer store import FILE --url postgresql+psycopg://...`), not through the service")

    import_batch = import_csv

    def close(self):
        pass
