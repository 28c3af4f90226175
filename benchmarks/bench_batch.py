"""Batch throughput: files per minute for 20 generated 15-45 s answers, with 1 and 2 workers.

    python benchmarks/bench_batch.py [--answers 20] [--workers 1 2] [--fast]

Each answer is a 640x480 WebM (VP8 + Opus, as a browser records) of a face while espeak-ng
reads an answer, 15 to 45 s long (made once into .cache/bench_batch/). Each run starts a fresh
Dask LocalCluster (its workers load the models: part of the time), analyses every answer (every
frame, unless --fast) and writes a new Parquet table. Where the time goes: the cluster's start
and model loading, then the sum of per-file analysis times against the wall time.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
SENTENCES = [
    "Last year I led a team of five volunteers at the town library.",
    "We had six weeks to organise a reading festival for children.",
    "At first nobody knew who was doing what, so I wrote down every task.",
    "I asked each person what they enjoyed and we met for ten minutes every Monday.",
    "When two volunteers disagreed about the budget, I listened to both of them.",
    "We found a cheaper printer together and kept the money for books.",
    "The festival brought in three hundred families.",
    "I learned that a clear plan and short meetings help a team more than long speeches.",
    "Next time I would ask for help earlier.",
]


def make_answers(folder: Path, count: int) -> list[Path]:
    from mmer.examples import face_clip, speak, write_video
    from mmer.examples import example_face

    folder.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(0)
    paths = []
    for i in range(count):
        path = folder / f"candidate{i:02d}" / "answer.webm"
        paths.append(path)
        if path.exists():
            continue
        seconds = float(rng.uniform(15, 45))
        order = rng.permutation(len(SENTENCES))
        speech = speak(" ".join(SENTENCES[j] for j in order), words_per_minute=int(rng.integers(120, 180)))
        samples = np.zeros(int(seconds * 16000), np.float32)
        samples[: min(len(speech), len(samples))] = speech[: len(samples)]
        path.parent.mkdir(parents=True, exist_ok=True)
        write_video(face_clip([example_face()], seconds), path, audio=samples)
    return paths


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--answers", type=int, default=20)
    parser.add_argument("--workers", type=int, nargs="+", default=[1, 2])
    parser.add_argument("--fast", action="store_true", help="2 frames per second, as the dashboard")
    args = parser.parse_args(argv)
    from mmer.batch import analyze_folder

    folder = ROOT / ".cache" / "bench_batch"
    start = time.perf_counter()
    paths = make_answers(folder, args.answers)
    audio_seconds = 0.0
    import av

    for p in paths:
        with av.open(str(p)) as c:
            audio_seconds += float(c.duration or 0) / 1e6
    print(f"{len(paths)} answers, {audio_seconds / 60:.1f} min of recordings "
          f"({time.perf_counter() - start:.0f} s to make or find them)")
    for workers in args.workers:
        with tempfile.TemporaryDirectory() as out_dir:
            out = Path(out_dir) / "results.parquet"
            start = time.perf_counter()
            table = analyze_folder(folder, out, workers=workers, fast=args.fast)
            wall = time.perf_counter() - start
        busy = float(table["seconds"].sum())
        first = float(table["seconds"].max())
        print(f"{workers} worker(s): {len(table)} files in {wall:.0f} s = {60 * len(table) / wall:.1f} files per minute "
              f"({audio_seconds / wall:.1f} s of recording per second); errors: {int((table['error'] != '').sum())}")
        print(f"   where the time goes: analysis {busy:.0f} s summed over files (median {table['seconds'].median():.1f} s "
              f"a file, slowest {first:.1f} s, which includes a worker's model loading), "
              f"cluster start, scheduling and writing {max(0.0, wall - busy / workers):.0f} s")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
