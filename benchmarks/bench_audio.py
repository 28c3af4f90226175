"""Speed of voice analysis on a 45 s answer: in-process after loading, and the whole CLI process.

    python benchmarks/bench_audio.py [--seconds 45] [--clip FILE] [--repeat 5]

Without --clip, a WebM/Opus clip (what a browser records) is made from real RAVDESS and EmoDB
sentences if ../shared/data has them, else from synthetic voice. Targets: a 45 s answer's voice
analysis <= 1 s once the models are loaded (Whisper's encoder, the speech detector, the acoustic
statistics and the classifier); whole `mmer analyze audio` process <= 5 s.
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
DATA = ROOT.parent / "shared" / "data"


def make_clip(path: Path, seconds: float = 45.0) -> Path:
    from mmer.media import load_audio
    from mmer.examples import synthetic_speech, write_audio

    files = sorted((DATA / "ravdess").glob("Actor_0*/*.flac"))[::7] + sorted((DATA / "emodb").glob("*.flac"))[::5]
    if files:
        parts, total = [], 0
        for f in files:
            parts.append(load_audio(f))
            total += len(parts[-1])
            if total >= seconds * 16000:
                break
        y = np.concatenate(parts)[: int(seconds * 16000)]
    else:
        y = synthetic_speech(seconds)
    return write_audio(y, path)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=45.0)
    parser.add_argument("--clip", help="a recording to time instead of the generated one")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("NUMBA_CACHE_DIR", str(ROOT / ".cache" / "numba"))
    clip = Path(args.clip) if args.clip else ROOT / ".cache" / f"bench_voice_{args.seconds:.0f}s.webm"
    if not clip.exists():
        clip.parent.mkdir(parents=True, exist_ok=True)
        make_clip(clip, args.seconds)

    import mmer
    from mmer.media import load_audio

    model = mmer.load_models(["voice"])
    mmer.analyze_audio(clip)  # warm-up: librosa's numba functions, FFT plans, Whisper's buffers
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
    print(f"analysis after loading (features + classifier): median {statistics.median(analyse) * 1000:.0f} ms, "
          f"best {min(analyse) * 1000:.0f} ms  (target <= 1000 ms for 45 s)")

    runs = []
    for _ in range(3):
        t = time.perf_counter()
        subprocess.run([sys.executable, "-m", "mmer", "analyze", "audio", str(clip), "--json"],
                       check=True, capture_output=True)
        runs.append(time.perf_counter() - t)
    print(f"whole process `mmer analyze audio` ({result.duration:.0f} s clip): median {statistics.median(runs):.2f} s, "
          f"best {min(runs):.2f} s  (target <= 5 s)")


if __name__ == "__main__":
    main()
