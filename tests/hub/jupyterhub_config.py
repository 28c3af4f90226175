# The course's hub (deploy/jupyterhub/jupyterhub_config.py) as the tests run it on 127.0.0.1:
# only what a test machine cannot have is replaced. Set by tests/test_hub_live.py's fixture.
import os
from pathlib import Path

c = get_config()  # noqa: F821
load_subconfig(str(Path(__file__).resolve().parents[2] / "deploy" / "jupyterhub" / "jupyterhub_config.py"))  # noqa: F821

# Any password logs in (no sign-up to authorise): a test authenticator, never for a class.
c.JupyterHub.authenticator_class = "dummy"
# Local processes, one cgroup each (the limits the deploy config sets), instead of systemd units.
c.JupyterHub.spawner_class = "cgroup_spawner.CgroupLocalProcessSpawner"
c.SimpleLocalProcessSpawner.home_dir_template = os.environ["MMER_TEST_HUB_HOMES"] + "/{username}"
c.JupyterHub.bind_url = f"http://127.0.0.1:{os.environ['MMER_TEST_HUB_PORT']}"
c.JupyterHub.hub_bind_url = f"http://127.0.0.1:{os.environ['MMER_TEST_HUB_API_PORT']}"
c.ConfigurableHTTPProxy.command = [os.environ["MMER_TEST_CHP"]]
c.ConfigurableHTTPProxy.api_url = f"http://127.0.0.1:{os.environ['MMER_TEST_PROXY_API_PORT']}"
c.JupyterHub.db_url = "sqlite:///" + os.environ["MMER_TEST_HUB_DIR"] + "/jupyterhub.sqlite"
c.JupyterHub.cookie_secret_file = os.environ["MMER_TEST_HUB_DIR"] + "/cookie_secret"
# Activity is seen within seconds (not 5 minutes), so the idle culler's short test timeout is fair.
c.JupyterHub.last_activity_interval = 5
c.Spawner.environment.update({"JUPYTERHUB_ACTIVITY_INTERVAL": "5",
                              "MMER_LIVE_ANSWERS": os.environ.get("MMER_LIVE_ANSWERS", "auto"),
                              # the suite's compiled librosa functions, not one cache per new student
                              "NUMBA_CACHE_DIR": os.environ.get("NUMBA_CACHE_DIR", "")})
# The test itself acts as an administrator through the hub's API (tokens for students' servers).
c.JupyterHub.services.append({"name": "test-admin", "api_token": os.environ["MMER_TEST_HUB_ADMIN_TOKEN"]})
c.JupyterHub.load_roles.append({"name": "test-admin", "services": ["test-admin"],
                                "scopes": ["admin:users", "admin:servers", "tokens", "list:users", "read:users"]})
# The tests run as root on CI machines (to make cgroups): the servers too.
c.Spawner.args = [*c.Spawner.args, "--ServerApp.allow_root=True"]
