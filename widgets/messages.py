"""The one way the app writes a status line: coloured by kind, errors announced to screen readers."""

import html


def message(text: str, kind: str = "info") -> str:
    """A paragraph of ``text`` (``kind``: info, error, ok or warning) for an HTML widget."""
    colours = {"info": "#1f4e79", "error": "#b00020", "ok": "#1b5e20", "warning": "#8a6d00"}
    role = ' role="alert"' if kind == "error" else ""
    return f'<p class="mmer-{kind}"{role} style="color:{colours[kind]};font-size:1.05em">{html.escape(text)}</p>'
