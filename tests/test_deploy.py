"""The course's deployment files (deploy/jupyterhub/), checked offline: no Kubernetes cluster is
here (kubectl needs one even for ``--dry-run=client``, so Kubernetes' objects are checked with
kubernetes-validate against Kubernetes' own schemas), and the chart's values against the part of
the chart's schema they use (tests/z2jh_values_schema.yaml). The single-server configuration runs
for real in tests/test_hub_live.py; here: it says the same as the Kubernetes values."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
DEPLOY = ROOT / "deploy" / "jupyterhub"
#: The Kubernetes release the objects are checked against (a supported, widely run one).
KUBERNETES = "1.32"


def values() -> dict:
    return yaml.safe_load((DEPLOY / "zero-to-jupyterhub-values.yaml").read_text())


def single_server_config(monkeypatch, **env):
    """deploy/jupyterhub/jupyterhub_config.py as JupyterHub loads it."""
    pytest.importorskip("jupyterhub")
    from jupyterhub.app import JupyterHub

    for name, value in env.items():
        monkeypatch.setenv(name, value)
    hub = JupyterHub()
    hub.load_config_file(str(DEPLOY / "jupyterhub_config.py"))
    return hub.config


def test_the_chart_values_have_the_structure_the_chart_reads():
    import jsonschema

    schema = yaml.safe_load((ROOT / "tests" / "z2jh_values_schema.yaml").read_text())
    jsonschema.validate(values(), schema)
    misspelt = values()
    misspelt["singleuser"]["memroy"] = {"limit": "2G"}
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(misspelt, schema)


def test_the_kubernetes_objects_are_valid():
    kubernetes_validate = pytest.importorskip("kubernetes_validate")

    objects = list(yaml.safe_load_all((DEPLOY / "results-service.yaml").read_text()))
    assert [o["kind"] for o in objects] == ["Deployment", "Service", "NetworkPolicy"]
    # the students' servers' egress rule, as the chart puts it into its NetworkPolicy
    objects.append({"apiVersion": "networking.k8s.io/v1", "kind": "NetworkPolicy", "metadata": {"name": "singleuser"},
                    "spec": {"podSelector": {}, "policyTypes": ["Egress"],
                             "egress": values()["singleuser"]["networkPolicy"]["egress"]}})
    for manifest in objects:
        kubernetes_validate.validate(manifest, KUBERNETES, strict=True)
    broken = dict(objects[1], spec={**objects[1]["spec"], "portz": []})
    with pytest.raises(kubernetes_validate.ValidationError):
        kubernetes_validate.validate(broken, KUBERNETES, strict=True)


def test_kubernetes_and_the_single_server_hub_say_the_same(monkeypatch):
    config = single_server_config(monkeypatch, MMER_TEACHERS="ms-lee")
    chart = values()
    # per-student limits
    assert chart["singleuser"]["memory"]["limit"] == config.Spawner.mem_limit == "2G"
    assert float(chart["singleuser"]["cpu"]["limit"]) == config.Spawner.cpu_limit == 1.0
    # the dashboard as each server's page, the results service as the only store
    assert chart["singleuser"]["defaultUrl"] == config.Spawner.default_url
    assert chart["singleuser"]["cmd"][2] == config.Spawner.cmd[2]
    assert chart["singleuser"]["extraEnv"]["MMER_RESULTS_SERVICE_URL"].endswith("/services/mmer-results/")
    assert config.Spawner.environment["MMER_RESULTS_SERVICE_URL"].endswith("/services/mmer-results/")
    assert chart["hub"]["config"]["KubeSpawner"]["server_token_scopes"] == config.Spawner.server_token_scopes
    # roles: students may call the service; the teacher administers but opens no student's server
    roles = {r["name"]: r for r in config.JupyterHub.load_roles}
    for name in ("user", "teacher"):
        assert set(chart["hub"]["loadRoles"][name]["scopes"]) == set(roles[name]["scopes"])
    assert not any(s.startswith("access:servers") for s in roles["teacher"]["scopes"])
    assert roles["teacher"]["users"] == ["ms-lee"] == chart["hub"]["loadRoles"]["teacher"]["users"]
    assert config.JupyterHub.load_groups["teachers"]["users"] == ["ms-lee"]
    assert chart["hub"]["config"]["JupyterHub"]["load_groups"]["teachers"]["users"] == ["ms-lee"]
    # login and culling
    assert chart["hub"]["config"]["JupyterHub"]["authenticator_class"] == config.JupyterHub.authenticator_class
    culler = next(s for s in config.JupyterHub.services if s["name"] == "idle-culler")
    assert f"--timeout={chart['cull']['timeout']}" in culler["command"]


def test_students_never_get_the_class_database(monkeypatch):
    secret = "postgresql+psycopg://mmer:class-secret@db/mmer"
    config = single_server_config(monkeypatch, MMER_DATABASE_URL=secret)
    service = next(s for s in config.JupyterHub.services if s["name"] == "mmer-results")
    assert service["environment"]["MMER_DATABASE_URL"] == secret
    assert secret not in repr(config.Spawner) and "MMER_DATABASE_URL" not in config.Spawner.environment
    assert "MMER_DATABASE_URL" not in config.Spawner.get("env_keep", [])
    chart = values()
    assert "MMER_DATABASE_URL" not in chart["singleuser"]["extraEnv"]
    deployment = yaml.safe_load_all((DEPLOY / "results-service.yaml").read_text())
    env = next(deployment)["spec"]["template"]["spec"]["containers"][0]["env"]
    assert next(e for e in env if e["name"] == "MMER_DATABASE_URL")["valueFrom"]["secretKeyRef"]["name"] == "mmer-class-db"


def test_the_course_image_is_what_the_chart_runs():
    dockerfile = (ROOT / "Dockerfile").read_text()
    course = dockerfile[dockerfile.index("FROM base AS course"):dockerfile.index("FROM base AS app")]
    assert re.search(r'pip install "\.\[app,postgres,hub\]"', course)
    assert "MMER_APP_DIR=/home/mmer/app" in course and 'CMD ["jupyterhub-singleuser"]' in course
    assert values()["singleuser"]["extraEnv"]["MMER_APP_DIR"] == "/home/mmer/app"
    assert dockerfile.rstrip().splitlines()[-1].strip().endswith('"--MappingKernelManager.cull_interval=60"]')
