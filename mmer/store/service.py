"""The class's results service: a JupyterHub service that holds the class database and stores and
compares results for the students, each as themselves.

Why a service (and not the database's password in every student's server): on a hub, a student's
server runs any code its student writes, so whatever credentials it holds, the student holds.
With the class password, one student could read, change or delete everybody's results. Here only
the service (started by the hub, :file:`deploy/jupyterhub/jupyterhub_config.py`) knows the
database; a student's server knows the service's address and its own JupyterHub token, which the
hub issued to that student alone. The service asks the hub whose token it is (JupyterHub's
``HubAuth``) and then lets a student

- add results to their own sessions, delete their own sessions, keep and read their own practice
  history (nobody else's, whatever session id they send);
- read what *other* candidates got only as the same summary figures the dashboard shows
  (:func:`mmer.store.statistics.others`: means, the most frequent emotion, words used by at
  least five candidates), never anyone's rows;

and a teacher (a member of the hub group ``teachers``) read the class's summary figures and the
export (no recordings, no logins). Nobody reads a kept recording through the service.

Per-student database roles with row-level security were the other way: they need a role and a
password per student, work on PostgreSQL only, and would hide the other rows the comparisons are
computed from (or need security-definer functions that re-implement them in SQL). The service
keeps every rule in this one module and works on SQLite and PostgreSQL alike.

Run by the hub as ``python -m mmer.store.service`` (the hub sets ``JUPYTERHUB_API_TOKEN``,
``JUPYTERHUB_SERVICE_URL`` and ``JUPYTERHUB_SERVICE_PREFIX``; the class database is
``MMER_DATABASE_URL``, given to this service only). :class:`~mmer.store.remote.ServiceResultStore`
is its client, which :func:`mmer.store.open_store` picks in a student's server.
"""

from __future__ import annotations

import asyncio
import base64
import json
import os
import tempfile
from datetime import datetime
from pathlib import Path

import tornado.web

from ..errors import AccessDeniedError, InvalidArgumentError, MMERError
from ..labels import STORED_KINDS

#: The hub group whose members may read the class's summary figures and export.
TEACHERS_GROUP = "teachers"
#: The largest request body: a kept 45 s recording (~14 MiB) in base64, with room to spare.
MAX_BODY_BYTES = 100 * 2**20


def _json_default(value):
    if isinstance(value, datetime):
        return value.isoformat()
    raise TypeError(f"cannot send a {type(value).__name__}")


def valid_part(part) -> bool:
    """Whether ``part`` has the shape :func:`~mmer.store.repository.stored_parts` gives. What one
    student sends is read by everyone's comparisons (:func:`mmer.store.statistics.summarise`), so a
    malformed row must never be stored: numbers where figures are, short names, the top words as
    (word, count) pairs."""
    import math

    def number(value):
        return value is None or (isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value))

    if not isinstance(part, dict) or part.get("modality") not in STORED_KINDS:
        return False
    scores, details = part.get("scores"), part.get("details") or {}
    if not isinstance(scores, dict) or not all(isinstance(k, str) and len(k) <= 64 and number(v)
                                               for k, v in scores.items()):
        return False
    if not (part.get("headline") is None or (isinstance(part["headline"], str) and len(part["headline"]) <= 40)):
        return False
    if not isinstance(part.get("model_version", ""), str) or not isinstance(details, dict):
        return False
    words = details.get("top_words", [])
    return isinstance(words, list) and all(isinstance(w, list) and len(w) == 2 and isinstance(w[0], str)
                                           and isinstance(w[1], int) for w in words)


class _Handler(tornado.web.RequestHandler):
    """Every request: who is calling (a token the hub knows, else 403), then JSON in and out."""

    def initialize(self, store, identify, teachers_group):
        self.store, self.identify, self.teachers_group = store, identify, teachers_group

    async def prepare(self):
        header = self.request.headers.get("Authorization", "")
        token = header[len("token "):].strip() if header.lower().startswith("token ") else ""
        user = await self.identify(token) if token else None
        if not user:
            raise tornado.web.HTTPError(403, "a JupyterHub token of a student of this class is needed")
        self.user = user["name"]
        self.teacher = self.teachers_group in (user.get("groups") or [])

    def body(self) -> dict:
        try:
            body = json.loads(self.request.body or b"{}")
        except ValueError:
            raise tornado.web.HTTPError(400, "the request is not JSON") from None
        if not isinstance(body, dict):
            raise tornado.web.HTTPError(400, "the request is not a JSON object")
        return body

    def reply(self, value):
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps(value, default=_json_default))

    async def call(self, fn, *args, **kwargs):
        """Run a store call off the event loop (it waits on the database); its refusals become
        HTTP errors the client turns back into the same exceptions."""
        try:
            return await asyncio.to_thread(fn, *args, **kwargs)
        except AccessDeniedError as exc:
            raise tornado.web.HTTPError(403, str(exc)) from None
        except InvalidArgumentError as exc:
            raise tornado.web.HTTPError(400, str(exc)) from None
        except MMERError as exc:
            raise tornado.web.HTTPError(503, str(exc)) from None

    def write_error(self, status_code, **kwargs):
        exc = kwargs.get("exc_info", (None, None, None))[1]
        reason = getattr(exc, "log_message", None) or self._reason
        self.set_header("Content-Type", "application/json")
        self.finish(json.dumps({"status": status_code, "message": reason}))

    def own_sessions(self, ids) -> list[str]:
        """The session ids among ``ids`` that are the caller's (others are ignored: excluding
        another student's session from the comparison would reveal it by difference)."""
        mine = set(self.store.sessions_of(self.user))
        return [i for i in ids if i in mine]


class WhoAmI(_Handler):
    async def get(self):
        self.reply({"name": self.user, "teacher": self.teacher})


class Sessions(_Handler):
    async def post(self):
        source = str(self.body().get("source", "dashboard"))[:40]
        self.reply({"session_id": await self.call(self.store.new_session, source, owner=self.user)})


class OneSession(_Handler):
    async def delete(self, session_id):
        self.reply({"deleted": await self.call(self.store.delete_session, session_id, owner=self.user)})


class SessionResults(_Handler):
    async def post(self, session_id):
        body = self.body()
        parts = body.get("parts")
        if not isinstance(parts, list) or not parts or not all(map(valid_part, parts)):
            raise tornado.web.HTTPError(400, "parts must be a list of stored results (stored_parts)")
        try:
            recording = base64.b64decode(body["recording"], validate=True) if body.get("recording") else None
        except (ValueError, TypeError):
            raise tornado.web.HTTPError(400, "the recording is not base64") from None
        ids = await self.call(self.store.add_parts, session_id, parts, str(body.get("question", "")),
                              recording, str(body.get("filename", "recording.webm")), owner=self.user)
        self.reply({"ids": ids})

    async def get(self, session_id):
        if session_id not in await self.call(self.own_sessions, [session_id]):
            raise tornado.web.HTTPError(403, "that session is not yours")
        self.reply(await self.call(self.store.results, session_id))


class Others(_Handler):
    async def get(self, modality):
        if modality not in STORED_KINDS:
            raise tornado.web.HTTPError(404, f"no such kind of result: {modality}")
        exclude = await self.call(self.own_sessions, self.get_arguments("exclude"))
        self.reply(await self.call(self.store.others, modality, exclude))


class Practice(_Handler):
    async def get(self):
        self.reply(await self.call(self.store.practice_history, None, owner=self.user))

    async def post(self):
        body = self.body()
        await self.call(self.store.link_practice, None, str(body.get("session_id", "")), str(body.get("role", "")),
                        owner=self.user)
        self.reply({"kept": True})

    async def delete(self):
        # "Delete my results" on a hub: every session of the student's, kept as practice or not
        # (the hub knows whose they are, so nothing of theirs is left behind).
        self.reply({"deleted": await self.call(self.store.delete_sessions_of, self.user)})


class _TeacherHandler(_Handler):
    async def prepare(self):
        await super().prepare()
        if not self.teacher:
            raise tornado.web.HTTPError(403, f"only the class's teachers (the hub group {self.teachers_group!r}) "
                                             "can read the class figures")


class ClassFigures(_TeacherHandler):
    async def get(self):
        figures = {kind: await self.call(self.store.others, kind) for kind in STORED_KINDS}
        self.reply({"results": await self.call(self.store.count), "kinds": figures})


class ClassExport(_TeacherHandler):
    async def get(self):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "results.csv"
            await self.call(self.store.export_csv, path)
            self.set_header("Content-Type", "text/csv; charset=utf-8")
            self.finish(path.read_bytes())


def make_app(store, identify, prefix: str = "/", teachers_group: str = TEACHERS_GROUP) -> tornado.web.Application:
    """The service's web application over ``store`` (a :class:`~mmer.store.ResultStore`).
    ``identify``: ``async (token) -> {"name", "groups"} or None`` (the hub's answer; tests give
    their own); ``prefix``: where the hub's proxy routes the service (``/services/<name>/``).

    >>> import asyncio, json
    >>> from tornado.httpclient import AsyncHTTPClient
    >>> from tornado.httpserver import HTTPServer
    >>> from tornado.testing import bind_unused_port
    >>> from mmer.store import ResultStore
    >>> async def identify(token):  # what the hub would answer
    ...     return {"name": "alice", "groups": []} if token == "alices-token" else None
    >>> async def ask(path, token):
    ...     server = HTTPServer(make_app(ResultStore("sqlite://"), identify, prefix="/services/mmer-results/"))
    ...     sock, port = bind_unused_port()
    ...     server.add_sockets([sock])
    ...     reply = await AsyncHTTPClient().fetch(f"http://127.0.0.1:{port}/services/mmer-results/api/{path}",
    ...                                           headers={"Authorization": f"token {token}"}, raise_error=False)
    ...     server.stop()
    ...     return reply.code, json.loads(reply.body)
    >>> asyncio.run(ask("whoami", "alices-token"))
    (200, {'name': 'alice', 'teacher': False})
    >>> asyncio.run(ask("class/figures", "alices-token"))[0]   # a student is not a teacher
    403
    """
    prefix = "/" + prefix.strip("/") + "/" if prefix.strip("/") else "/"
    api = prefix + "api/"
    settings = {"store": store, "identify": identify, "teachers_group": teachers_group}
    routes = [
        (api + "whoami", WhoAmI), (api + "sessions", Sessions), (api + r"sessions/([0-9a-f-]{1,64})", OneSession),
        (api + r"sessions/([0-9a-f-]{1,64})/results", SessionResults), (api + r"others/(\w+)", Others),
        (api + "practice", Practice), (api + "class/figures", ClassFigures), (api + "class/export", ClassExport),
    ]
    return tornado.web.Application([(path, handler, settings) for path, handler in routes])


def hub_identify():
    """``identify`` for :func:`make_app` from the hub that runs this service: the token's owner,
    when the token may use this service (its ``access:services!service=<name>`` scope)."""
    from jupyterhub.services.auth import HubAuth

    auth = HubAuth(cache_max_age=60)

    async def identify(token):
        user = await auth.user_for_token(token, sync=False)
        if not user or user.get("kind", "user") != "user":
            return None
        if auth.access_scopes and not auth.check_scopes(auth.access_scopes, user):
            return None
        return user

    return identify


def main(argv=None) -> int:
    """Serve the class's results (run by the hub: see the module's text)."""
    import argparse
    from urllib.parse import urlparse

    from tornado.httpserver import HTTPServer

    from .repository import ResultStore

    parser = argparse.ArgumentParser(prog="python -m mmer.store.service", description=main.__doc__)
    parser.add_argument("--url", default=os.environ.get("JUPYTERHUB_SERVICE_URL", "http://127.0.0.1:10101"),
                        help="where to listen (default: the hub's JUPYTERHUB_SERVICE_URL)")
    args = parser.parse_args(argv)
    if not os.environ.get("MMER_DATABASE_URL"):
        parser.error("MMER_DATABASE_URL (the class database) is not set for the service")
    store = ResultStore()
    where = urlparse(args.url)

    async def serve():
        app = make_app(store, hub_identify(), prefix=os.environ.get("JUPYTERHUB_SERVICE_PREFIX", "/"))
        HTTPServer(app, max_body_size=MAX_BODY_BYTES).listen(where.port or 80, where.hostname or "127.0.0.1")
        print(f"mmer results service on {args.url}, database {store.display_url()}", flush=True)
        await asyncio.Event().wait()  # until the hub stops the service

    asyncio.run(serve())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
