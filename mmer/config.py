"""Every setting MMER reads from the environment, read here and only when asked (never at
import, so a test or a class server can set a variable after ``import mmer``).

===============================  ==================================================================
variable                         what it sets
===============================  ==================================================================
``MMER_MODELS_DIR``              folder of the model files (default: the models shipped with MMER)
``MMER_DATABASE_URL``            the results database (default: a SQLite file in the user's data
                                 folder; a class server: ``postgresql+psycopg://...``)
``MMER_RECORDING_WAIT_SECONDS``  how long the dashboard waits for a recording to arrive after Stop
                                 before it says so (default 4 s; slow class servers raise it)
``MMER_LIVE_ANSWERS``            ``auto`` (default): answers are analysed while they are recorded,
                                 with live cues, unless the server's CPUs are busy as one starts;
                                 ``on``: always; ``off``: the whole recording after Stop
``MMER_RESULTS_SERVICE_URL``     on a class's JupyterHub: the results service that stores and
                                 compares for the students (:mod:`mmer.store.service`); set by the
                                 hub for each student's server instead of a database URL
``JUPYTERHUB_API_TOKEN``         (set by JupyterHub) the student's own token, which tells the
                                 results service who is calling
===============================  ==================================================================

The training notebooks read their own ``MMER_*`` variables (data folders, epochs) in their first
cell, so the test suite can run them on tiny data; the README lists those too.

>>> import os
>>> from mmer import config
>>> os.environ["MMER_RECORDING_WAIT_SECONDS"] = "6"
>>> config.recording_wait_seconds()
6.0
>>> del os.environ["MMER_RECORDING_WAIT_SECONDS"]
>>> config.recording_wait_seconds() is None
True
"""

from __future__ import annotations

import os
from pathlib import Path

from .errors import InvalidArgumentError

#: The variables, with what each sets (the README's table says the same).
VARIABLES = {
    "MMER_MODELS_DIR": "folder of the model files (default: the models shipped with MMER)",
    "MMER_DATABASE_URL": "the results database (default: a SQLite file in the user's data folder)",
    "MMER_RECORDING_WAIT_SECONDS": "seconds the dashboard waits for a recording after Stop (default 4)",
    "MMER_LIVE_ANSWERS": "auto (default): answers are analysed while recorded, with live cues, unless the server is "
                         "busy as one starts; on: always; off: after Stop",
    "MMER_RESULTS_SERVICE_URL": "on a class hub: the results service storing for the students (set by the hub)",
    "JUPYTERHUB_API_TOKEN": "(set by JupyterHub) the student's token, telling the results service who is calling",
}


def shipped_models_dir() -> Path:
    """``mmer/model_files`` in an installed wheel (package data built from ``models/``), else
    ``models/`` at the root of a source checkout or an editable install."""
    package = Path(__file__).resolve().parent
    installed = package / "model_files"
    return installed if installed.is_dir() else package.parent / "models"


def models_dir() -> Path:
    """Where the model files are read from: ``MMER_MODELS_DIR`` or the shipped ones."""
    return Path(os.environ.get("MMER_MODELS_DIR") or shipped_models_dir())


def database_url() -> str | None:
    """``MMER_DATABASE_URL``, or None for the default (a SQLite file, see :mod:`mmer.store`)."""
    return os.environ.get("MMER_DATABASE_URL") or None


def results_service_url() -> str | None:
    """``MMER_RESULTS_SERVICE_URL``: the class's results service on a JupyterHub (set by the hub
    for each student's server, :mod:`mmer.store.service`), or None."""
    return os.environ.get("MMER_RESULTS_SERVICE_URL") or None


def hub_api_token() -> str | None:
    """``JUPYTERHUB_API_TOKEN``: the token JupyterHub gives a student's server (and the code run
    in it), which tells the results service who is calling; None outside a hub."""
    return os.environ.get("JUPYTERHUB_API_TOKEN") or None


def recording_wait_seconds() -> float | None:
    """``MMER_RECORDING_WAIT_SECONDS`` as a number of seconds, or None when it is not set."""
    raw = os.environ.get("MMER_RECORDING_WAIT_SECONDS")
    if not raw:
        return None
    try:
        value = float(raw)
    except ValueError:
        raise InvalidArgumentError(f"MMER_RECORDING_WAIT_SECONDS must be a number of seconds, not {raw!r}") from None
    if value <= 0:
        raise InvalidArgumentError(f"MMER_RECORDING_WAIT_SECONDS must be positive, not {raw!r}")
    return value


def live_answers(value: bool | str | None = None) -> str:
    """``MMER_LIVE_ANSWERS`` (or ``value``, where a caller gives one: ``"auto"``, ``"on"`` or
    True, ``"off"`` or False): whether the dashboard analyses answers while they are recorded.
    ``auto`` (the default): yes, unless the server's CPUs are busy when an answer starts (then
    the whole recording after Stop, :func:`mmer.live.too_busy_for_a_live_answer`); ``on``:
    always; ``off``: never (the whole recording after Stop, as for an upload)."""
    if isinstance(value, bool):
        return "on" if value else "off"
    name = "MMER_LIVE_ANSWERS" if value is None else "live"
    raw = (os.environ.get("MMER_LIVE_ANSWERS") if value is None else value) or "auto"
    raw = str(raw).strip().lower()
    synonyms = {"1": "on", "true": "on", "yes": "on", "0": "off", "false": "off", "no": "off"}
    raw = synonyms.get(raw, raw)
    if raw not in ("auto", "on", "off"):
        raise InvalidArgumentError(f"{name} must be auto, on or off, not {raw!r}")
    return raw
