"""The test hub's spawner: each student's server is a local process of this machine's user (as
JupyterHub's own SimpleLocalProcessSpawner, for tests only: students are not kept apart by Unix
users here) inside a cgroup of its own holding it to ``Spawner.mem_limit`` and ``cpu_limit``,
as SystemdSpawner (deploy/jupyterhub) or Kubernetes does on a real hub. Loaded by the hub from
tests/hub/ (on its PYTHONPATH)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from jupyterhub.spawner import SimpleLocalProcessSpawner

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # tests/, for harness.ResourceLimit

from harness import ResourceLimit  # noqa: E402


class CgroupLocalProcessSpawner(SimpleLocalProcessSpawner):
    """A local server in a cgroup (v1) of ``cpu_limit`` CPUs and ``mem_limit`` bytes, where this
    machine lets one be made (root, cgroups v1 writable), else without a limit (the hub's log says so)."""

    def make_preexec_fn(self, name):
        preexec = super().make_preexec_fn(name)
        if not (self.mem_limit or self.cpu_limit):
            return preexec
        if not ResourceLimit.available():
            self.log.warning("no cgroup can be made here: %s's server runs without its limits", name)
            return preexec
        limit = ResourceLimit(f"hub-{name}", cpus=self.cpu_limit or os.cpu_count(),
                              memory_gib=(self.mem_limit or 64 * 2**30) / 2**30)
        limit.__enter__()
        self.log.info("%s's server: %s CPU, %.1f GiB (cgroup %s)", name, limit.cpus, limit.memory_gib, limit.name)

        def enter_then_start():
            limit.enter()
            preexec()

        return enter_then_start
