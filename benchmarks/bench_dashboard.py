"""Dashboard timings in headless Chromium: page interactive after a cold server start, and
every result of a 45 s spoken video answer after Stop, and the live cues while it is recorded.

    python benchmarks/bench_dashboard.py [--seconds 45] [--repeat 3]

Needs Debian's chromium and chromium-driver, and espeak-ng. The fake camera plays a looping
640x480 video of a smiling face, the fake microphone espeak-ng reading a 45 s answer (the one of
``bench_answer.py``). Targets: page interactive <= 6 s after the server starts (cold); live cues
first shown <= 3 s after Start, the pace cue lagging the speech by <= 3 s; face, voice, words,
delivery and traits shown <= 1.5 s after Stop (the answer is analysed while it is recorded); the
kernel, every model loaded and one answer analysed, <= 1 GiB.
"""

import argparse
import sys
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from bench_answer import TEXT

from mmer.examples import example_face, face_clip, speak, write_audio

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))  # the test harness
from harness import ResourceLimit, chromium_driver, start_voila, write_y4m  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
#: How long the dashboard records a video answer before it stops by itself.
APP_VIDEO_SECONDS = 45


def visible(driver, css):
    """The displayed elements matching ``css`` (the page redraws widgets as the kernel updates
    them, the live cues every second: an element found a moment ago may be gone)."""
    from selenium.common.exceptions import StaleElementReferenceException

    found = []
    for element in driver.find_elements("css selector", css):
        try:
            if element.is_displayed():
                found.append(element)
        except StaleElementReferenceException:
            pass
    return found


def click(driver, label: str, exact: bool = False, timeout: float = 30):
    """Click the visible button showing ``label`` (looked for again if the page redraws it)."""
    from selenium.common.exceptions import StaleElementReferenceException

    def attempt(d):
        try:
            button = next((b for b in visible(d, ".mmer-app button")
                           if (b.text.strip() == label if exact else label in b.text)), None)
            if button is None:
                return False
            button.click()
            return True
        except StaleElementReferenceException:
            return False

    return wait(driver, attempt, timeout)


def wait(driver, condition, timeout=120):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def body(driver):
    return driver.find_element("tag name", "body").text


def dashboard_ready(driver) -> bool:
    """The dashboard drawn and usable: its consent box and its first screen, the mock interview."""
    return bool(visible(driver, ".mmer-app .widget-checkbox input")) and "Start the interview" in body(driver)


# Checked in the page (cheap): polling the whole page's text every 50 ms slows the page down.
DONE = ("return [...document.querySelectorAll('.mmer-ok, .mmer-error')]"
        ".some(e => e.innerText.includes('Done in') || e.classList.contains('mmer-error'))")


def kernel_memory(server_pid: int) -> tuple[float, float] | None:
    """(resident, peak) MiB of the Voila server's kernel process (its child running ipykernel)."""
    children = Path(f"/proc/{server_pid}/task/{server_pid}/children")
    for pid in children.read_text().split() if children.exists() else []:
        status = Path(f"/proc/{pid}/status").read_text()
        if "ipykernel" in Path(f"/proc/{pid}/cmdline").read_text():
            fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
            return int(fields["VmRSS"].split()[0]) / 1024, int(fields["VmHWM"].split()[0]) / 1024
    return None


#: The live cue line's time, the time of the sound heard so far, and whether a pace is shown.
CUE = """const c = document.querySelector('.mmer-cue-line[data-seconds]');
return c ? [c.dataset.seconds, c.dataset.heardSeconds, c.innerText.includes('words a minute')] : null;"""


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=45, help="length of the video answer (45: the app's own auto-stop; shorter: Stop is pressed)")
    parser.add_argument("--repeat", type=int, default=3, help="cold starts to time")
    parser.add_argument("--pause-seconds", type=float, default=0.0,
                        help="silence between sentences (0: espeak-ng's own ~0.3 s, one fluent stretch; people "
                             "pause longer, and each pause of 0.6 s or more lets the answer be transcribed in stretches)")
    parser.add_argument("--limit", nargs=2, type=float, metavar=("CPUS", "GIB"),
                        help="hold the server and its kernel to CPUS CPUs and GIB of memory (a cgroup, as Binder's "
                             "1 CPU and 2 GiB; needs root); the browser stays outside, as on the user's computer")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="mmer-bench-"))
    rng = np.random.default_rng(0)
    frames = [np.clip(f + rng.normal(0, 6, f.shape), 0, 255).astype(np.uint8)
              for f in face_clip([example_face()], 1.0, fps=15, size=(640, 480))]
    camera = write_y4m(frames, folder / "camera.y4m", fps=15)
    if args.pause_seconds:
        import re

        pause = np.zeros(int(args.pause_seconds * 16000), np.float32)
        speech = np.concatenate([part for sentence in re.split(r"(?<=[.!?])\s+", TEXT)
                                 for part in (speak(sentence, words_per_minute=150), pause)])
    else:
        speech = speak(TEXT, words_per_minute=150)  # ~44 s: one answer, no loop within the recording
    microphone = write_audio(np.concatenate([speech, np.zeros(6 * 16000, np.float32)]), folder / "microphone.wav")
    env = {"MMER_DATABASE_URL": f"sqlite:///{folder / 'results.sqlite'}"}

    interactive, result_delays, memory, first_cues, pace_lags, limited = [], [], None, [], [], []
    if args.limit and not ResourceLimit.available():
        raise SystemExit("--limit needs root and cgroups v1 (/sys/fs/cgroup/cpu and /memory, writable)")
    for run in range(args.repeat):
        limit = ResourceLimit(f"bench{run}", *args.limit).__enter__() if args.limit else None
        driver = chromium_driver(folder / f"profile{run}", fake_video=camera, fake_audio=microphone)  # browser ready first
        log = open(folder / f"voila{run}.log", "w")
        started = time.perf_counter()
        process, url = start_voila("notebooks/dashboard.ipynb", env=env, log=log, cwd=ROOT,
                                   preexec_fn=limit.enter if limit else None)
        try:
            driver.get(url)
            wait(driver, dashboard_ready)
            interactive.append(time.perf_counter() - started)
            print(f"run {run + 1}: page interactive {interactive[-1]:.2f} s after the server started", flush=True)
            visible(driver, ".mmer-app .widget-checkbox input")[0].click()
            click(driver, "One question: video")
            wait(driver, lambda d: "Start Recording" in body(d), 10)
            click(driver, "Start Recording")
            clicked = time.perf_counter()
            wait(driver, lambda d: "s left" in body(d), 10)
            # The live cues, read every 0.25 s until the answer stops: when the first one shows,
            # and how far the pace lags the speech (the cue's time minus the last second of sound
            # the recogniser has been through), once there are words.
            first_cue, lags = None, []
            over = "return document.body.innerText.includes('The recording is over')"
            while time.perf_counter() - clicked < args.seconds + 30:
                if args.seconds < APP_VIDEO_SECONDS and time.perf_counter() - clicked >= args.seconds:
                    click(driver, "Stop", exact=True)
                    break  # a shorter answer (the suite's smoke run): the candidate presses Stop
                if driver.execute_script(over):
                    break  # the app's countdown stopped the recording
                cue = driver.execute_script(CUE)
                if cue and first_cue is None:
                    first_cue = time.perf_counter() - clicked
                if cue and cue[2]:
                    lags.append(float(cue[0]) - float(cue[1]))
                time.sleep(0.25 if time.perf_counter() - clicked < args.seconds - 2 else 0.03)  # Stop timed closely
            stopped = time.perf_counter()
            if first_cue is None:
                note = [e.text for e in visible(driver, ".mmer-cue-line")]
                print(f"run {run + 1}: no live cue was shown while recording ({note[0] if note else 'no note'})", flush=True)
            else:
                first_cues.append(first_cue)
            if lags:
                pace_lags.append(max(lags))
                print(f"run {run + 1}: first live cue {first_cue:.2f} s after Start; pace lagging the speech by "
                      f"median {statistics.median(lags):.1f} s, worst {max(lags):.1f} s", flush=True)
            wait(driver, lambda d: d.execute_script(DONE))
            result_delays.append(time.perf_counter() - stopped)
            assert "How did I do?" in body(driver) and "What you said" in body(driver), body(driver)[-2000:]
            memory = kernel_memory(process.pid)
            status = [e.text for e in visible(driver, ".mmer-ok, .mmer-warning")]
            print(f"run {run + 1}: results shown {result_delays[-1]:.2f} s after the {args.seconds} s answer stopped "
                  f"(app says: {' '.join(status) if status else '-'})", flush=True)
        finally:
            driver.quit()
            process.terminate()
            process.wait(20)
            log.close()
            if limit is not None:
                limited.append((limit.peak_mib, limit.oom_kills))
                print(f"run {run + 1}: server and kernel under {args.limit[0]:g} CPU / {args.limit[1]:g} GiB: peak "
                      f"{limited[-1][0]:.0f} MiB, {limited[-1][1]} process(es) killed for memory, held back by the "
                      f"CPU limit {limit.throttled} times", flush=True)
                limit.__exit__(None, None, None)
    print(f"page interactive after a cold server start: median {statistics.median(interactive):.2f} s, "
          f"worst {max(interactive):.2f} s (target <= 6 s)")
    print(f"every result after Stop ({args.seconds} s spoken video answer): median {statistics.median(result_delays):.2f} s, "
          f"runs {', '.join(f'{x:.2f}' for x in result_delays)} (target <= 1.5 s)")
    if first_cues:
        # A short answer on a slow machine may end before its first words are through (no pace yet).
        pace = (f"pace lagging the speech by at most {statistics.median(pace_lags):.1f} s, median of runs"
                if pace_lags else f"no pace shown during the answer in {args.repeat - len(pace_lags)} run(s)")
        print(f"live cues: first shown median {statistics.median(first_cues):.2f} s after Start (target <= 3 s); "
              f"{pace} (target <= 3 s)")
    if limited:
        print(f"under {args.limit[0]:g} CPU / {args.limit[1]:g} GiB: peak memory of the server and its kernel "
              f"{max(p for p, _ in limited):.0f} MiB (target <= 1536 MiB), processes killed for memory: "
              f"{sum(k for _, k in limited)} (results after Stop: target <= 3 s)")
    if memory:
        print(f"kernel memory, every model loaded and the answer analysed: {memory[0]:.0f} MiB resident, "
              f"peak {memory[1]:.0f} MiB (target <= 1024 MiB)")


if __name__ == "__main__":
    os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".cache" / "numba"))
    main()
