"""Speed of the whole `mmer analyze video` process on a 45 s 640x480 30 fps clip.

    python benchmarks/bench_video.py [--clip FILE] [--every 1] [--repeat 3]

Makes the clip first if needed (benchmarks/make_clip.py), then times the command as a user runs
it (a new process: Python start, imports, model loading, decoding, detection, classification)
and prints frames per second and the real-time factor. Target: >= 4x real time, every frame.
"""

import argparse
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
DEFAULT_FACES = ROOT.parent / "shared" / "data" / "fer2013" / "val"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", default=str(ROOT / ".cache" / "bench_45s.webm"))
    parser.add_argument("--every", type=int, default=1)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    clip = Path(args.clip)
    if not clip.exists():
        make = [sys.executable, str(HERE / "make_clip.py"), "--out", str(clip)]
        if DEFAULT_FACES.is_dir():
            make += ["--faces", str(DEFAULT_FACES)]
        subprocess.run(make, check=True)

    times = []
    for _ in range(args.repeat):
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-m", "mmer", "analyze", "video", str(clip), "--every", str(args.every), "--json"],
            check=True, capture_output=True, text=True,
        )
        times.append(time.perf_counter() - start)
    result = json.loads(out.stdout)
    frames = result["summary"]["frames_analysed"]
    duration = result["duration"]
    best, median = min(times), statistics.median(times)
    print(f"clip: {clip.name}, {duration:.1f} s, {frames} frames analysed (every {args.every}), "
          f"{result['summary']['frames_with_face']} with a face")
    print(f"whole process: median {median:.2f} s, best {best:.2f} s over {args.repeat} runs")
    print(f"frames/second: {frames / median:.0f}   real-time factor: {duration / median:.1f}x (target >= 4x)")


if __name__ == "__main__":
    main()
