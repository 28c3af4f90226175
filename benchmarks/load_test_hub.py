"""Load test of a course on JupyterHub: N students at once on the course's hub
(deploy/jupyterhub, as tests/hub runs it on 127.0.0.1: local servers of 1 CPU / 2 GiB each, a
throw-away PostgreSQL as the class database, the results service between them).

    python benchmarks/load_test_hub.py [--candidates 1 3 5] [--seconds 20]

For each N, N new students log in a second apart in headless Chromium (a fake camera playing a
smiling face, a fake microphone playing espeak-ng reading an answer); each one's server spawns and
opens the dashboard; they tick consent and record a video answer of --seconds. Reported per N:
login to dashboard (the spawn included) p50/p95, Stop to results p50/p95, peak memory of each
student's server (its cgroup: the server, its kernel and every model), and whether every answer
arrived in the class database exactly once, as its student's. The round's servers are stopped
before the next round.

Everything runs on this machine: the browsers' video encoding competes with the students'
servers for the same 2 cores, so the times are pessimistic for a real class.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench_dashboard import dashboard_ready, visible, wait
from load_test import class_devices, percentile, record_video_answer

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test harness
from harness import TemporaryPostgres, chromium_driver, start_hub  # noqa: E402


def student(name: str, hub, folder: Path, camera: Path, microphone: Path, seconds: int, out: dict):
    driver = chromium_driver(folder / name, fake_video=camera, fake_audio=microphone)
    out["step"] = "log in"
    try:
        started = time.perf_counter()
        driver.get(hub.url + "hub/login")
        wait(driver, lambda d: visible(d, "#username_input"), 60)
        driver.find_element("css selector", "#username_input").send_keys(name)
        driver.find_element("css selector", "#password_input").send_keys("load test")
        driver.find_element("css selector", "#login_submit").click()
        out["step"] = "spawn and open the dashboard"
        wait(driver, dashboard_ready, 300)
        out["login_to_dashboard"] = time.perf_counter() - started
        record_video_answer(driver, seconds, out)
    except Exception as exc:  # reported in the table, the other students go on
        out["error"] = f"{out['step']}: {type(exc).__name__}: {exc}"[:200]
    finally:
        driver.quit()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, nargs="+", default=[1, 3, 5], help="students per round")
    parser.add_argument("--seconds", type=int, default=20, help="length of each video answer")
    args = parser.parse_args(argv)

    folder = Path(tempfile.mkdtemp(prefix="mmer-hub-load-"))
    camera, microphone = class_devices(folder)
    table = []
    with TemporaryPostgres() as db_url, start_hub(folder / "hub", db_url) as hub:
        for n in args.candidates:
            names = [f"student{n}x{i + 1}" for i in range(n)]
            results = {name: {} for name in names}
            peaks = {}
            running = threading.Event()
            running.set()

            def sample():  # the cgroup's own peak counter, read while the server lives
                while running.is_set():
                    for name in names:
                        limit = hub.cgroup_of(name)
                        try:
                            peaks[name] = max(peaks.get(name, 0), limit.peak_mib) if limit else peaks.get(name, 0)
                        except OSError:
                            pass
                    time.sleep(1)

            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
            threads = []
            for name in names:
                threads.append(threading.Thread(target=student, args=(name, hub, folder / f"n{n}", camera, microphone,
                                                                      args.seconds, results[name])))
                threads[-1].start()
                time.sleep(1.0)
            for t in threads:
                t.join(900)
            running.clear()
            sampler.join()
            oom = sum(limit.oom_kills for limit in (hub.cgroup_of(name) for name in names) if limit)
            store = hub.store()
            once = all(sorted(r["modality"] for s in store.sessions_of(name) for r in store.results(s))
                       == ["answer", "audio", "text", "video"] for name in names)
            rows = sum(len(store.results(s)) for name in names for s in store.sessions_of(name))
            store.close()
            for name in names:  # the next round starts on a quiet machine
                if hub.server_running(name):
                    hub.api("DELETE", f"users/{name}/server")
            spawn = [r["login_to_dashboard"] for r in results.values() if "login_to_dashboard" in r]
            delays = [r["stop_to_results"] for r in results.values() if "stop_to_results" in r]
            errors = [f"{name}: {r['error']}" for name, r in results.items() if r.get("error")]
            memory = [peaks[name] for name in names if peaks.get(name)]
            table.append((n, statistics.median(spawn) if spawn else float("nan"), percentile(spawn, 0.95),
                          statistics.median(delays) if delays else float("nan"), percentile(delays, 0.95),
                          statistics.median(memory) if memory else 0, max(memory, default=0), oom, once, rows))
            print(f"N={n}: login to dashboard p50 {table[-1][1]:.1f} s p95 {table[-1][2]:.1f} s; Stop->results p50 "
                  f"{table[-1][3]:.1f} s p95 {table[-1][4]:.1f} s; peak MiB per student server {table[-1][5]:.0f} "
                  f"(max {table[-1][6]:.0f}); killed for memory {oom}; rows {rows} "
                  f"({'each answer exactly once' if once else 'NOT exactly once'}); errors: {errors or 'none'}",
                  flush=True)
            time.sleep(5)
    print("\n| students | login to dashboard p50 | p95 | Stop -> results p50 | p95 | peak MiB per server (max) "
          "| killed for memory | rows exactly once |")
    print("|---|---|---|---|---|---|---|---|")
    for n, s50, s95, p50, p95, mem, most, oom, once, rows in table:
        print(f"| {n} | {s50:.1f} s | {s95:.1f} s | {p50:.1f} s | {p95:.1f} s | {mem:.0f} ({most:.0f}) | {oom} "
              f"| {'yes' if once else 'NO'} ({rows} rows) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
