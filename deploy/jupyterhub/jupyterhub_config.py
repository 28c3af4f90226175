# MMER for a class on one server's JupyterHub: every student logs in, gets a server of their own
# that opens on the dashboard, within a memory and CPU limit, culled when idle; results go to one
# class database through the results service (mmer.store.service), so no student ever holds its
# password. See "Running a course" in README.md; Kubernetes: zero-to-jupyterhub-values.yaml here.
#
#   pip install "mmer[app,postgres,hub] @ ."        # on the server, in the hub's environment
#   npm install -g configurable-http-proxy@5
#   export MMER_DATABASE_URL=postgresql+psycopg://mmer:...@localhost/mmer   # the class database
#   export MMER_TEACHERS=ms-lee                      # comma-separated logins
#   jupyterhub -f deploy/jupyterhub/jupyterhub_config.py
#
# Serve it over HTTPS (c.JupyterHub.ssl_cert/ssl_key below, or a reverse proxy in front):
# browsers give a page the camera and microphone only on https:// or localhost.
#
# What the environment sets (read here only, when the hub starts):
#   MMER_DATABASE_URL        the class database: given to the results service, never to students
#   MMER_TEACHERS            the teachers' logins (the "teacher" role below)
#   MMER_APP_DIR             the MMER checkout whose notebooks/dashboard.ipynb students open
#                            (default: the repository this file is in)
#   MMER_STUDENT_MEMORY      memory limit per student server (default 2G: measured, README)
#   MMER_STUDENT_CPUS        CPU limit per student server (default 1)
#   MMER_IDLE_CULL_SECONDS   a server idle this long is stopped (default 1800); its student's
#                            results and practice history stay in the class database
#   MMER_RESULTS_PORT        the results service's port on this machine (default 10101)
#   MMER_HUB_SSL_CERT, MMER_HUB_SSL_KEY   the certificate, where the hub serves HTTPS itself
import os
import sys
from pathlib import Path

c = get_config()  # noqa: F821 - given by JupyterHub when it loads this file

app_dir = Path(os.environ.get("MMER_APP_DIR") or Path(__file__).resolve().parents[2])
teachers = {name.strip() for name in os.environ.get("MMER_TEACHERS", "").split(",") if name.strip()}
results_port = int(os.environ.get("MMER_RESULTS_PORT", "10101"))
results_url = f"http://127.0.0.1:{results_port}"
idle_seconds = int(os.environ.get("MMER_IDLE_CULL_SECONDS", "1800"))

# -- who logs in ----------------------------------------------------------------------------------
# NativeAuthenticator: students sign up on /hub/signup, a teacher authorises each on /hub/authorize
# (a university's single sign-on instead: OAuthenticator's GenericOAuthenticator here).
c.JupyterHub.authenticator_class = "native"
c.NativeAuthenticator.open_signup = False
c.NativeAuthenticator.minimum_password_length = 10
c.NativeAuthenticator.check_common_password = True
c.Authenticator.allow_all = True  # every login the teacher authorised (NativeAuthenticator keeps that list)
c.Authenticator.admin_users = set()  # no full admin needed day to day: the teacher role below

# -- a server per student, opening on the dashboard ----------------------------------------------
# systemd's cgroups enforce the limits; dynamic users keep students apart without Unix accounts
# (The Littlest JupyterHub uses the same spawner).
c.JupyterHub.spawner_class = "systemdspawner.SystemdSpawner"
c.SystemdSpawner.dynamic_users = True
c.SystemdSpawner.isolate_tmp = True
c.SystemdSpawner.isolate_devices = True
c.SystemdSpawner.disable_user_sudo = True
c.Spawner.mem_limit = os.environ.get("MMER_STUDENT_MEMORY", "2G")
c.Spawner.cpu_limit = float(os.environ.get("MMER_STUDENT_CPUS", "1"))
# The dashboard is linked into the student's home at each start (the app's copy, so an update of
# MMER reaches everyone; the link is on the student's side, so their own notebooks stay theirs).
# librosa's compiled functions are cached in the student's home (kept between their sessions;
# systemd gives each server a private /tmp), unless an image brings a compiled cache.
c.Spawner.cmd = ["bash", "-c", 'ln -sfn "$MMER_APP_DIR/notebooks" "$HOME/mmer" && export '
                 'NUMBA_CACHE_DIR="${NUMBA_CACHE_DIR:-$HOME/.cache/mmer-numba}" && exec jupyterhub-singleuser "$@"',
                 "jupyterhub-singleuser"]
c.Spawner.default_url = "/voila/render/mmer/dashboard.ipynb"
c.Spawner.args = [
    # The whole recording is one message where an answer could not be streamed (voila.json).
    '--ServerApp.tornado_settings={"websocket_max_message_size": 209715200}',
    # A closed tab's kernel (about 0.9 GiB) goes after 10 minutes, long before the server does.
    "--MappingKernelManager.cull_idle_timeout=600", "--MappingKernelManager.cull_interval=60",
    "--VoilaConfiguration.show_tracebacks=False",
]
c.Spawner.environment = {
    "MMER_APP_DIR": str(app_dir),
    # Where the student's server stores and compares: the service, with the student's own token.
    # (straight to it, not through the proxy; it serves under the hub's prefix for the service)
    "MMER_RESULTS_SERVICE_URL": f"{results_url}/services/mmer-results/",
}
# The student's token may call the results service, and nothing more than a server's usual.
c.Spawner.server_token_scopes = ["users:activity!user", "access:servers!server",
                                 "access:services!service=mmer-results"]
c.Spawner.start_timeout = 120
c.Spawner.http_timeout = 90

# -- the results service and the idle culler ----------------------------------------------------
c.JupyterHub.services = [
    {
        "name": "mmer-results",
        "url": results_url,
        "command": [sys.executable, "-m", "mmer.store.service"],
        # The only process that gets the class database's URL.
        "environment": {"MMER_DATABASE_URL": os.environ.get("MMER_DATABASE_URL", "")},
        "display": False,
    },
    {
        "name": "idle-culler",
        "command": [sys.executable, "-m", "jupyterhub_idle_culler", f"--timeout={idle_seconds}",
                    f"--cull-every={min(60, max(5, idle_seconds // 4))}"],
    },
]
c.JupyterHub.load_roles = [
    # Every student may call the results service (it then lets them touch their own results only).
    {"name": "user", "scopes": ["self", "access:services!service=mmer-results"]},
    {"name": "idle-culler", "services": ["idle-culler"],
     "scopes": ["list:users", "read:users:activity", "read:servers", "delete:servers"]},
    # The teacher: authorises sign-ups, sees and stops servers, reads the class figures through the
    # service (members of the group "teachers"), but opens no student's server (no access:servers),
    # so never sees a student's files or answers.
    {"name": "teacher", "users": sorted(teachers),
     "scopes": ["self", "admin-ui", "admin:users", "list:users", "read:users", "admin:servers",
                "access:services!service=mmer-results"]},
]
c.JupyterHub.load_groups = {"teachers": {"users": sorted(teachers)}}

# -- the hub itself --------------------------------------------------------------------------------
c.JupyterHub.db_url = os.environ.get("MMER_HUB_DB_URL", "sqlite:///jupyterhub.sqlite")
if os.environ.get("MMER_HUB_SSL_CERT"):
    c.JupyterHub.ssl_cert = os.environ["MMER_HUB_SSL_CERT"]
    c.JupyterHub.ssl_key = os.environ["MMER_HUB_SSL_KEY"]
c.JupyterHub.cookie_max_age_days = 1
