"""Make a benchmark clip: 640x480, 30 fps WebM/VP8 (what browsers record) from face images.

    python benchmarks/make_clip.py --seconds 45 --out .cache/bench_45s.webm [--faces DIR]

Faces come from FER2013 validation images (``--faces``, a folder of class folders) or, without
them, from scikit-image's astronaut photo. Each face stays on screen for half a second and moves
a little, like a candidate in front of a webcam.
"""

import argparse
import time
from pathlib import Path

import numpy as np

from mmer.examples import example_face, face_clip, write_video


def load_faces(folder, n=40, seed=0):
    import cv2

    files = sorted(Path(folder).glob("*/*.jpg"))
    rng = np.random.default_rng(seed)
    return [cv2.imread(str(files[i]), cv2.IMREAD_GRAYSCALE) for i in rng.choice(len(files), n, replace=False)]


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=45)
    parser.add_argument("--fps", type=int, default=30)
    parser.add_argument("--out", default=".cache/bench_45s.webm")
    parser.add_argument("--faces", help="folder of class folders of face images (e.g. FER2013 val)")
    args = parser.parse_args()
    faces = load_faces(args.faces) if args.faces else [example_face()]
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    start = time.perf_counter()
    write_video(face_clip(faces, args.seconds, fps=args.fps, size=(640, 480)), out, fps=args.fps)
    print(f"wrote {out} ({out.stat().st_size / 2**20:.1f} MiB) in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
