"""The optional practice code: a candidate who wants to see progress over visits keeps a code
(made up at random, never a name or e-mail) that brings back their earlier mock interviews on
this machine, with a chart of their own measures. Without one, nothing links two visits.

UI only: codes are :mod:`mmer.session`'s, history and deletion the store's.
"""

from __future__ import annotations

import html

import ipywidgets as w

from mmer import charts
from mmer.errors import MMERError, StoreError

from .charts import draw, row
from .messages import message


class PracticePanel(w.VBox):
    """Create or enter a practice code; show the sessions kept under it."""

    def __init__(self, get_store):
        self.get_store = get_store
        self.code: str | None = None
        self.history: list[dict] = []
        self.create_button = w.Button(description="Give me a practice code", icon="key",
                                      tooltip="A random code that keeps your mock interviews together on this computer")
        self.create_button.layout.width = "auto"
        self.create_button.on_click(lambda _: self.create())
        self.code_input = w.Text(placeholder="e.g. 7KQ4-PX2D-M9RB", description="My practice code",
                                 style={"description_width": "initial"}, layout={"width": "22em"})
        self.load_button = w.Button(description="Bring back my sessions", icon="history")
        self.load_button.layout.width = "auto"
        self.load_button.on_click(lambda _: self.load(self.code_input.value))
        self.status = w.HTML()
        self.charts = w.VBox()
        #: The hub login the history is kept under (:meth:`sign_in`), or None: a practice code.
        self.login: str | None = None
        self.intro = intro = w.HTML(
            "<h3>Your progress (optional)</h3><p><small>Keep a <b>practice code</b> to see how your mock interviews "
            "change over your visits. It is made up at random, never your name or e-mail; write it down, as it is "
            "the only way back to your sessions. Without a code, nothing links two visits. <i>Delete my results</i> "
            "deletes everything kept under your code.</small></p>")
        self.code_row = w.VBox([w.HBox([self.create_button]), w.HBox([self.code_input, self.load_button])])
        super().__init__([intro, self.code_row, self.status, self.charts])
        self.add_class("mmer-practice")

    def sign_in(self, store) -> bool:
        """On a class hub (a store that knows the student's login, :class:`mmer.store.remote.ServiceResultStore`)
        the login keeps the history instead of a code: the code controls go and the history is
        shown at once. Returns whether it applied."""
        from mmer.feedback import PRACTICE_UNDER_LOGIN

        login = getattr(store, "signed_in_as", None)
        if not login:
            return False
        self.login = self.code = login  # the service ignores the code: it knows who is calling
        self.code_row.layout.display = "none"
        self.intro.value = ("<h3>Your progress</h3><p><small>"
                            + PRACTICE_UNDER_LOGIN.format(login=html.escape(login)) + "</small></p>")
        try:
            self.show(store.practice_history(None))
        except MMERError as exc:
            self.status.value = message(f"Your sessions could not be brought back: {exc}", "error")
        return True

    def _store(self):
        store = self.get_store()
        if store is None:
            raise StoreError("the results database is not available, so sessions cannot be kept")
        return store

    def create(self) -> str:
        from mmer.session import new_practice_code

        self.code = new_practice_code()
        self.code_input.value = self.code
        self.history = []
        self.charts.children = []
        self.status.value = message(f"Your practice code is {self.code}. Write it down: your next mock interviews are "
                                     "kept under it, and it brings them back on your next visit.", "ok")
        return self.code

    def load(self, text: str) -> list[dict]:
        """Bring back the sessions kept under the code ``text`` (as typed)."""
        from mmer.session import normalize_practice_code

        try:
            code = normalize_practice_code(text)
            self.status.value = message("Looking for your sessions...")
            history = self._store().practice_history(code)
        except MMERError as exc:
            self.status.value = message(str(exc)[:1].upper() + str(exc)[1:], "error")
            return []
        self.code, self.code_input.value = code, code
        self.show(history)
        if history:
            self.status.value = message(f"Welcome back: {len(history)} session{'s' * (len(history) != 1)} kept under "
                                         f"{code}. New mock interviews will be added.", "ok")
        else:
            self.status.value = message(f"No session is kept under {code} yet: your next mock interviews will be.")
        return history

    def keep(self, session_id: str, role: str = "") -> bool:
        """Keep a finished mock interview under the code (if the candidate has one); show the history."""
        if self.code is None or session_id is None:
            return False
        try:
            store = self._store()
            store.link_practice(self.code, session_id, role=role)
            self.show(store.practice_history(self.code))
        except MMERError as exc:
            self.status.value = message(f"This session could not be kept under your code: {exc}", "error")
            return False
        return True

    def show(self, history: list[dict]):
        """A table of the sessions and charts of pace, fillers and traits over them."""
        self.history = history
        if not history:
            self.charts.children = []
            return
        def number(value, digits):
            return "-" if value is None else f"{value:.{digits}f}"

        rows = "".join(
            f"<tr><td>{i}</td><td>{h['started_at']:%d %b %Y %H:%M}</td><td>{html.escape(h['role'] or '-')}</td>"
            f"<td>{len(h['questions'])}</td><td>{number(h['words_per_minute'], 0)}</td>"
            f"<td>{number(h['fillers_per_minute'], 1)}</td>"
            f"<td>{html.escape(h['face_emotion'] or '-')}</td><td>{html.escape(h['voice_emotion'] or '-')}</td></tr>"
            for i, h in enumerate(history, 1))
        table = w.HTML('<table class="mmer-history" style="border-collapse:collapse"><caption style="text-align:left">'
                       "<b>Your sessions</b></caption><tr><th>#</th><th>when</th><th>questions for</th><th>answers</th>"
                       f"<th>words per minute</th><th>fillers per minute</th><th>face</th><th>voice</th></tr>{rows}</table>")
        figures = [draw(charts.history(history, measure)) for measure in charts.HISTORY_MEASURES]
        children = [table, row(*figures)]
        if any(h.get("traits") for h in history):
            children.append(row(draw(charts.trait_history(history))))
        self.charts.children = children

    def delete(self) -> int:
        """Delete every session kept under the code; returns how many results went."""
        if self.code is None:
            return 0
        n = self._store().delete_practice(self.code)
        self.history, self.charts.children = [], []
        under = f"your login, {self.login}" if self.login else self.code
        self.status.value = message(f"Everything kept under {under} was deleted.", "ok")
        return n
