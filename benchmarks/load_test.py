"""Load test: N candidates answering at once on one Voilà server with a PostgreSQL store.

    python benchmarks/load_test.py [--candidates 1 2 3] [--seconds 20]

Loopback only and bounded: a throw-away PostgreSQL server (Debian's binaries) and one Voilà
server on 127.0.0.1; for each N, N headless Chromium browsers (a fake camera playing a smiling
face, a fake microphone playing espeak-ng reading an answer) open the dashboard a second apart,
tick consent, record a video answer of --seconds, then type a text answer. Reported per N: the
kernels the server holds, memory per kernel, time from Stop to the results (p50 and p95 over the
candidates), and whether every result arrived in the database exactly once (a video answer is
four rows: face, voice, traits of the words, delivery; a typed answer one row).

Everything runs on this machine: the browsers' video encoding competes with the analyses for the
same 2 cores, so the times are pessimistic for a real class, whose browsers run elsewhere.
"""

from __future__ import annotations

import argparse
import os
import sys
import statistics
import tempfile
import threading
import time
from pathlib import Path

import numpy as np

from bench_answer import TEXT
from bench_dashboard import DONE, body, click, dashboard_ready, visible, wait

from mmer.examples import example_face, face_clip, speak, write_audio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test harness
from harness import TemporaryPostgres, chromium_driver, start_voila, write_y4m  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
TYPED = ("I enjoy leading small teams because everyone grows. Last year I organised a festival with five "
         "volunteers; we planned every task together, met every week and finished on time and on budget.")


def kernels(server_pid: int) -> list[float]:
    """Resident MiB of each kernel process of the Voilà server."""
    out = []
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        try:
            if "ipykernel" in Path(f"/proc/{pid}/cmdline").read_text():
                status = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines()
                              if ":" in line)
                out.append(int(status["VmRSS"].split()[0]) / 1024)
        except (FileNotFoundError, ProcessLookupError):
            continue
    return out


def class_devices(folder: Path) -> tuple[Path, Path]:
    """A fake camera (a smiling face, with a little sensor noise) and microphone (espeak-ng reading
    an answer) for the browsers of a load test."""
    frames = [np.clip(f + np.random.default_rng(0).normal(0, 6, f.shape), 0, 255).astype(np.uint8)
              for f in face_clip([example_face()], 1.0, fps=15, size=(640, 480))]
    camera = write_y4m(frames, folder / "camera.y4m", fps=15)
    microphone = write_audio(np.concatenate([speak(TEXT), np.zeros(16000, np.float32)]), folder / "microphone.wav")
    return camera, microphone


def record_video_answer(driver, seconds: int, out: dict):
    """On the dashboard's first screen: consent, *One question: video*, a recording of ``seconds``,
    its results; ``out`` gets the kernel's answers to Start and Stop and the Stop-to-results time."""
    out["step"] = "record"
    visible(driver, ".mmer-app .widget-checkbox input")[0].click()
    click(driver, "One question: video")
    wait(driver, lambda d: "Start Recording" in body(d), 30)
    click(driver, "Start Recording")
    started = time.perf_counter()
    wait(driver, lambda d: "s left" in body(d), 60)
    out["countdown_seconds"] = time.perf_counter() - started  # the kernel's answer to Start
    time.sleep(seconds)
    click(driver, "Stop", exact=True)
    stopped = time.perf_counter()
    out["step"] = "results"
    wait(driver, lambda d: "The recording is over" in body(d) or d.execute_script(DONE), 300)
    out["stop_seen_seconds"] = time.perf_counter() - stopped  # the kernel's answer to Stop
    wait(driver, lambda d: d.execute_script(DONE), 300)
    out["stop_to_results"] = time.perf_counter() - stopped
    out["error"] = "; ".join(e.text for e in visible(driver, ".mmer-error"))
    out["app"] = " ".join(e.text for e in visible(driver, ".mmer-ok, .mmer-warning"))


def percentile(values, q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(q * (len(values) - 1))))] if values else float("nan")


def candidate(n: int, url: str, folder: Path, camera: Path, microphone: Path, seconds: int, out: dict):
    driver = chromium_driver(folder / f"profile{n}", fake_video=camera, fake_audio=microphone)
    out["step"] = "open the page"
    opened = time.perf_counter()
    try:
        driver.get(url)
        # The first screen is the mock interview; one question on camera is a view of its own.
        wait(driver, dashboard_ready, 180)
        out["page_seconds"] = time.perf_counter() - opened
        record_video_answer(driver, seconds, out)
        out["step"] = "typed answer"
        click(driver, "One question: text")
        wait(driver, lambda d: visible(d, ".mmer-app textarea"), 30)
        visible(driver, ".mmer-app textarea")[0].send_keys(TYPED)
        click(driver, "Start Analysis")
        wait(driver, lambda d: "Your most visible trait is" in body(d), 120)
    except Exception as exc:  # reported in the table, the other candidates go on
        out["error"] = f"{out['step']}: {type(exc).__name__}: {exc}"[:200]
    finally:
        driver.quit()


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--candidates", type=int, nargs="+", default=[1, 2, 3])
    parser.add_argument("--seconds", type=int, default=20, help="length of each video answer")
    parser.add_argument("--browsers-niceness", type=int, default=0,
                        help="run the browsers at this niceness (e.g. 10), below the server and its kernels: closer "
                             "to a class whose browsers run on the students' computers (0: all on equal terms)")
    args = parser.parse_args(argv)
    from mmer.store import ResultStore

    folder = Path(tempfile.mkdtemp(prefix="mmer-load-"))
    camera, microphone = class_devices(folder)
    table = []
    with TemporaryPostgres() as db_url:
        log = open(folder / "voila.log", "w")
        process, url = start_voila("notebooks/dashboard.ipynb", env={"MMER_DATABASE_URL": db_url}, log=log, cwd=ROOT)
        if args.browsers_niceness:
            os.nice(args.browsers_niceness)  # after the server started: only the browsers started from here inherit it
        try:
            for n in args.candidates:
                store = ResultStore(db_url)
                before = {r["session_id"] for r in store.results()}
                results = [dict() for _ in range(n)]
                peak = {"kernels": 0, "mib": []}
                running = threading.Event()
                running.set()

                def sample():
                    while running.is_set():
                        sizes = kernels(process.pid)
                        if len(sizes) >= peak["kernels"]:
                            peak["kernels"], peak["mib"] = len(sizes), sizes
                        time.sleep(0.5)

                sampler = threading.Thread(target=sample, daemon=True)
                sampler.start()
                threads = []
                for i in range(n):
                    threads.append(threading.Thread(target=candidate, args=(i, url, folder / f"n{n}", camera,
                                                                            microphone, args.seconds, results[i])))
                    threads[-1].start()
                    time.sleep(1.0)
                for t in threads:
                    t.join(900)
                running.clear()
                sampler.join()
                rows = [r for r in store.results() if r["session_id"] not in before]
                sessions = {}
                for r in rows:
                    sessions.setdefault(r["session_id"], []).append(r["modality"])
                expected = sorted(["video", "audio", "text", "answer", "text"])
                exactly_once = len(sessions) == n and all(sorted(m) == expected for m in sessions.values())
                delays = sorted(r["stop_to_results"] for r in results if "stop_to_results" in r)
                errors = [r["error"] for r in results if r.get("error")]
                p95 = percentile(delays, 0.95)
                table.append((n, peak["kernels"], statistics.mean(peak["mib"]) if peak["mib"] else 0,
                              max(peak["mib"], default=0), statistics.median(delays) if delays else float("nan"), p95,
                              exactly_once, len(rows), errors))
                print(f"N={n}: kernels {peak['kernels']}, MiB per kernel {table[-1][2]:.0f} (max {table[-1][3]:.0f}), "
                      f"Stop->results p50 {table[-1][4]:.1f} s p95 {p95:.1f} s, rows {len(rows)} "
                      f"({'each exactly once' if exactly_once else 'NOT exactly once'}); errors: {errors or 'none'}",
                      flush=True)
                for i, r in enumerate(results):
                    print(f"  candidate {i + 1}: page {r.get('page_seconds', float('nan')):.1f} s, Stop->results "
                          f"{r.get('stop_to_results', float('nan')):.1f} s; the kernel answered Start in "
                          f"{r.get('countdown_seconds', float('nan')):.1f} s, Stop in {r.get('stop_seen_seconds', float('nan')):.1f} s; app: {r.get('app', '-')[:160]}", flush=True)
                store.close()
                time.sleep(5)  # let the finished pages' kernels go
        finally:
            process.terminate()
            process.wait(30)
            log.close()
    print("\n| candidates | kernels held | MiB per kernel (max) | Stop -> results p50 | p95 | rows exactly once |")
    print("|---|---|---|---|---|---|")
    for n, k, mean, most, p50, p95, once, rows, errors in table:
        print(f"| {n} | {k} | {mean:.0f} ({most:.0f}) | {p50:.1f} s | {p95:.1f} s | {'yes' if once else 'NO'} ({rows} rows) |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
