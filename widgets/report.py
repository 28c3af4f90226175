"""The "Save my report" buttons: a report to keep (HTML or PDF, :mod:`mmer.report`) offered as a
download link in the page. UI only: the report itself is written by ``mmer.report``.

Why a link: the report is made in the kernel, and a link with the file inside (a ``data:`` URL)
is the one way a Voilà page can hand the browser a file without writing it to the server's disk.
"""

from __future__ import annotations

import base64
import html
import time
from datetime import date

import ipywidgets as w

from mmer.errors import MMERError

from .messages import message


class ReportDownload(w.VBox):
    """Two buttons (HTML, PDF) that write the report of ``get_session()`` (compared with
    ``get_others()``, with ``get_history()`` if given) and show a link that downloads it."""

    def __init__(self, get_session, get_others=None, get_history=None, label: str = "Save my report"):
        self.get_session, self.get_others, self.get_history = get_session, get_others, get_history
        self.html_button = w.Button(description=f"{label} (HTML)", icon="download",
                                    tooltip="A web page with every chart inside it: opens offline in any browser")
        self.pdf_button = w.Button(description=f"{label} (PDF)", icon="file-pdf-o",
                                   tooltip="The same report as a PDF, to print or send")
        for button in (self.html_button, self.pdf_button):
            button.layout.width = "auto"
        self.html_button.on_click(lambda _: self.make("html"))
        self.pdf_button.on_click(lambda _: self.make("pdf"))
        self.status = w.HTML()
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="Report",
                                        layout={"visibility": "hidden"})
        self.link = w.HTML()
        super().__init__([w.HBox([self.html_button, self.pdf_button]), self.progress, self.status, self.link],
                         layout={"display": "none"})
        self.add_class("mmer-report")

    def reset(self, visible: bool = True):
        self.status.value = self.link.value = ""
        self.layout.display = None if visible else "none"

    def _set_progress(self, fraction: float):
        self.progress.value = fraction

    def make(self, fmt: str) -> bytes | None:
        """Write the report (``"html"`` or ``"pdf"``) and show its download link; returns its bytes."""
        from mmer.report import report_html, report_pdf

        self.link.value = ""
        self.status.value = message(f"Writing your report ({fmt.upper()}): drawing every chart takes a few seconds...")
        started = time.perf_counter()
        try:
            session = self.get_session()
            kwargs = {"others": self.get_others() if self.get_others else {},
                      "history": self.get_history() if self.get_history else None,
                      "progress": self._set_progress}
            self.progress.value = 0.0
            self.progress.layout.visibility = "visible"
            data = report_pdf(session, **kwargs) if fmt == "pdf" else report_html(session, **kwargs).encode("utf-8")
        except MMERError as exc:
            self.status.value = message(f"The report could not be written: {exc}", "error")
            return None
        except Exception as exc:  # never a traceback in the app
            self.status.value = message(f"The report could not be written ({exc.__class__.__name__}: {exc}).", "error")
            return None
        finally:
            self.progress.layout.visibility = "hidden"
        name = f"mmer-report-{date.today().isoformat()}.{fmt}"
        mime = "application/pdf" if fmt == "pdf" else "text/html"
        href = f"data:{mime};base64,{base64.b64encode(data).decode('ascii')}"
        self.status.value = message(f"Your report is ready ({len(data) / 1024:.0f} KiB, {time.perf_counter() - started:.1f} s).",
                                     "ok")
        self.link.value = (f'<a class="mmer-download" download="{html.escape(name)}" href="{href}" '
                           f'style="font-size:1.1em;font-weight:bold">Download {html.escape(name)}</a> '
                           "<small>(it stays on your computer; it holds your words, so keep it private)</small>")
        return data
