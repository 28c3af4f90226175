"""How long one 45 s answer takes to analyse, and how much memory it needs.

    python benchmarks/bench_answer.py [--seconds 45] [--repeats 3]

Makes a 640x480 WebM answer (a face, and espeak-ng speaking a known answer), then times:
the whole ``mmer analyze answer`` process (start, imports, models, every frame; target <= 12 s
on 2 cores), the same with ``--fast`` (what the dashboard does), each part alone, and the peak
memory of a process with every model loaded (target <= 1 GiB).
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

TEXT = ("Last year I led a team of five volunteers at the town library. We had six weeks to organise a "
        "reading festival for children, and at first nobody knew who was doing what. So I wrote down "
        "every task, asked each person what they enjoyed, and we met for ten minutes every Monday. "
        "When two volunteers disagreed about the budget, I listened to both and we found a cheaper "
        "printer together. The festival brought in three hundred families and raised enough money "
        "for new books. I learned that a clear plan and short regular meetings help a team more than "
        "long speeches, and I would do it again.")


def make_answer(seconds: float, folder: Path) -> Path:
    from mmer.examples import face_clip, speak, write_video
    from mmer.examples import example_face

    speech = speak(TEXT, words_per_minute=150)
    samples = np.zeros(int(seconds * 16000), np.float32)
    samples[: min(len(speech), len(samples))] = speech[: len(samples)]
    return write_video(face_clip([example_face()], seconds), folder / "answer.webm", audio=samples)


def timed_process(args) -> tuple[float, float]:
    """Wall seconds and peak memory (MiB) of a child process."""
    start = time.perf_counter()
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    subprocess.run(args, check=True, capture_output=True)
    return time.perf_counter() - start, max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        path = make_answer(args.seconds, Path(folder))
        print(f"answer: {args.seconds:.0f} s, 640x480, {path.stat().st_size / 2**20:.1f} MiB WebM (VP8 + Opus)")
        for label, extra in (("every frame", []), ("--fast (dashboard)", ["--fast"])):
            runs = [timed_process([sys.executable, "-m", "mmer", "analyze", "answer", str(path), "--json", *extra])
                    for _ in range(args.repeats)]
            print(f"mmer analyze answer, {label}: median {statistics.median(r[0] for r in runs):.2f} s "
                  f"(runs {', '.join(f'{r[0]:.2f}' for r in runs)}); peak memory {max(r[1] for r in runs):.0f} MiB")

        import mmer
        from mmer.media import load_audio
        from mmer.speech.asr import transcribe

        start = time.perf_counter()
        models = mmer.load_models()
        print(f"loading every model: {time.perf_counter() - start:.2f} s")
        samples = load_audio(path)
        parts = {
            "face, every frame": lambda: mmer.analyze_video(path, model=models),
            "face, --fast": lambda: mmer.analyze_video(path, model=models, fast=True),
            "voice": lambda: mmer.analyze_audio(samples, model=models, sample_rate=16000),
            "speech recognition (2 passes)": lambda: transcribe(samples, model=models.speech),
            "whole answer in this process, every frame": lambda: mmer.analyze_answer(path, model=models),
            "whole answer in this process, --fast": lambda: mmer.analyze_answer(path, model=models, fast=True),
        }
        for name, run in parts.items():
            times = []
            for _ in range(args.repeats):
                t = time.perf_counter()
                run()
                times.append(time.perf_counter() - t)
            print(f"  {name}: median {statistics.median(times):.2f} s")
        result = mmer.analyze_answer(path, model=models, fast=True)
        print(f"transcript ({len(result.words)} words, {result.words_per_minute:.0f} wpm): {result.transcript[:120]}...")
        print(f"peak memory of this process with every model loaded: "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
