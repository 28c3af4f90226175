"""Speed of voice analysis on a 15 s answer: in-process after loading, and the whole CLI process.

    python benchmarks/bench_audio.py [--clip FILE] [--repeat 5]

Without --clip, a 15 s WebM/Opus clip (what a browser records) is made from real EmoDB
sentences if ../shared/data/emodb is there, else from synthetic voice. Targets: <= 0.1 s per
15 s clip once the model is loaded; whole `mmer analyze audio` process <= 5 s.
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import numpy as np

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EMODB = ROOT.parent / "shared" / "data" / "emodb"


def make_clip(path: Path, seconds: float = 15.0) -> Path:
    from mmer.media import load_audio
    from mmer.testing import synthetic_speech, write_audio

    if EMODB.is_dir():
        parts = [load_audio(f) for f in sorted(EMODB.glob("*.flac"))[:8]]
        y = np.concatenate(parts)[: int(seconds * 16000)]
    else:
        y = synthetic_speech(seconds)
    return write_audio(y, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clip", default=str(ROOT / ".cache" / "bench_15s.webm"))
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".cache" / "numba"))
    clip = Path(args.clip)
    if not clip.exists():
        clip.parent.mkdir(parents=True, exist_ok=True)
        make_clip(clip)

    import mmer
    from mmer.media import load_audio
    from mmer.voice import load_voice_model

    model = load_voice_model()
    mmer.analyze_audio(clip)  # warm-up: librosa's numba functions, FFT plans
    samples = load_audio(clip)
    decode, analyse = [], []
    for _ in range(args.repeat):
        t = time.perf_counter()
        load_audio(clip)
        decode.append(time.perf_counter() - t)
        t = time.perf_counter()
        result = mmer.analyze_audio(samples, sample_rate=16000, model=model)
        analyse.append(time.perf_counter() - t)
    print(f"clip: {clip.name}, {result.duration:.1f} s, {len(result.windows)} windows, {result.voiced_seconds:.1f} s voiced")
    print(f"decode (PyAV, to 16 kHz mono): median {statistics.median(decode) * 1000:.1f} ms")
    print(f"analysis after loading (features + classifier): median {statistics.median(analyse) * 1000:.1f} ms, "
          f"best {min(analyse) * 1000:.1f} ms  (target <= 100 ms)")

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mmer", "analyze", "audio", str(clip), "--json"],
                       check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    print(f"whole process `mmer analyze audio` (15 s clip): median {statistics.median(runs):.2f} s, "
          f"best {min(runs):.2f} s  (target <= 5 s)")


if __name__ == "__main__":
    main()
