"""Dashboard timings in headless Chromium: page interactive after a cold server start, and
results after Stop for a 45 s video answer.

    python benchmarks/bench_dashboard.py [--seconds 45] [--repeat 3]

Needs Debian's chromium and chromium-driver. The fake camera plays a looping 640x480 video of a
smiling face. Targets: page interactive <= 6 s after the server starts (cold); results <= 3 s
after Stop for a 45 s answer.
"""

import argparse
import os
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np

from mmer.testing import astronaut_bgr, chromium_driver, face_clip, start_voila, write_y4m

ROOT = Path(__file__).resolve().parent.parent


def visible(driver, css):
    return [e for e in driver.find_elements("css selector", css) if e.is_displayed()]


def wait(driver, condition, timeout=120):
    from selenium.webdriver.support.ui import WebDriverWait

    return WebDriverWait(driver, timeout, poll_frequency=0.05).until(condition)


def body(driver):
    return driver.find_element("tag name", "body").text


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=int, default=45, help="length of the video answer (auto-stop)")
    parser.add_argument("--repeat", type=int, default=3, help="cold starts to time")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="mmer-bench-"))
    rng = np.random.default_rng(0)
    frames = [np.clip(f + rng.normal(0, 6, f.shape), 0, 255).astype(np.uint8)
              for f in face_clip([astronaut_bgr()], 1.0, fps=15, size=(640, 480))]
    camera = write_y4m(frames, folder / "camera.y4m", fps=15)
    env = {"MMER_DATABASE_URL": f"sqlite:///{folder / 'results.sqlite'}"}

    interactive, result_delays = [], []
    for run in range(args.repeat):
        driver = chromium_driver(folder / f"profile{run}", fake_video=camera)  # browser ready first
        log = open(folder / f"voila{run}.log", "w")
        started = time.perf_counter()
        process, url = start_voila("notebooks/dashboard.ipynb", env=env, log=log, cwd=ROOT)
        try:
            driver.get(url)
            wait(driver, lambda d: visible(d, ".mmer-app .widget-checkbox input") and "Start Recording" in body(d))
            interactive.append(time.perf_counter() - started)
            print(f"run {run + 1}: page interactive {interactive[-1]:.2f} s after the server started", flush=True)
            if run == 0:
                visible(driver, ".mmer-app .widget-checkbox input")[0].click()
                button = next(b for b in visible(driver, ".mmer-app button") if "Start Recording" in b.text)
                button.click()
                wait(driver, lambda d: "s left" in body(d), 10)
                time.sleep(args.seconds - 1)
                wait(driver, lambda d: "The recording is over" in body(d), 30)
                stopped = time.perf_counter()
                wait(driver, lambda d: "Your most frequent emotion is" in body(d) or "mmer-error" in d.page_source)
                result_delays.append(time.perf_counter() - stopped)
                status = [e.text for e in visible(driver, ".mmer-ok")]
                print(f"run {run + 1}: results shown {result_delays[-1]:.2f} s after the {args.seconds} s answer stopped "
                      f"(app says: {status[-1] if status else '-'})", flush=True)
        finally:
            driver.quit()
            process.terminate()
            process.wait(20)
            log.close()
    print(f"page interactive after a cold server start: median {statistics.median(interactive):.2f} s, "
          f"worst {max(interactive):.2f} s (target <= 6 s)")
    print(f"results after Stop ({args.seconds} s video answer): {result_delays[0]:.2f} s (target <= 3 s)")


if __name__ == "__main__":
    os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".cache" / "numba"))
    main()
