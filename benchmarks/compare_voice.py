"""Which features let the voice model hear emotions in speakers it never heard? Compare them.

    python benchmarks/compare_voice.py [--data ../shared/data] [--out models/voice_emotion.comparison.json]

Every clip of EmoDB, TESS and RAVDESS (actors 01-16; calm kept aside) is described five ways:
the current frame statistics (``stats-v1``), openSMILE's eGeMAPSv02 and ComParE_2016 functionals
(the emotion challenges' reference sets), and Whisper tiny.en's encoder frames averaged over the
speech (mean and standard deviation). Each set, and combinations, is scored leaving one speaker
out: the classifier never hears the speaker it is tested on, and is trained on every other
speaker of all three corpora. Figures per corpus: accuracy and balanced accuracy (7 classes;
EmoDB has 6). Speaker normalisation is measured as the app could use it: features minus those
of one neutral clip of the same speaker (a short calibration recording), that clip left out.
Features are cached in runs/voice-compare/ (about 10 minutes on 2 cores the first time).
"""

from __future__ import annotations

import argparse
import json
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
CACHE = ROOT / "runs" / "voice-compare"


def _describe(paths):
    """Features of each clip in ``paths`` (runs in a worker process)."""
    import opensmile

    from mmer.media import load_audio
    from mmer.voice.encoder import encoder_frames, pooled, speech_mask
    from mmer.voice.features import clip_features

    egemaps = opensmile.Smile(feature_set=opensmile.FeatureSet.eGeMAPSv02, feature_level=opensmile.FeatureLevel.Functionals)
    compare = opensmile.Smile(feature_set=opensmile.FeatureSet.ComParE_2016, feature_level=opensmile.FeatureLevel.Functionals)
    rows = []
    for path in paths:
        y = load_audio(path)
        frames = encoder_frames(y)
        mask = speech_mask(y)
        if not mask.any():  # Silero heard nothing: pool over every frame rather than drop the clip
            mask = np.ones(len(frames), bool)
        rows.append({
            "stats": clip_features(y),
            "egemaps": egemaps.process_signal(y, 16000).to_numpy()[0].astype(np.float32),
            "compare": compare.process_signal(y, 16000).to_numpy()[0].astype(np.float32),
            "whisper": pooled(frames, mask),
            "frames": frames.astype(np.float16),
            "mask": mask,
        })
    return rows


def features(data: Path, workers: int = 2, max_per_class: int | None = None, cache_dir: Path = CACHE) -> dict:
    """Cached features of every clip: ``{"files", "labels", "speakers", "corpora", "calm", set: matrix}``."""
    from mmer.voice.data import load_voice_dataset

    cache_dir.mkdir(parents=True, exist_ok=True)
    cache = cache_dir / "features.npz"
    if cache.exists():
        loaded = np.load(cache, allow_pickle=False)
        return {k: loaded[k] for k in loaded.files} | {"frames": np.load(cache_dir / "frames.npy", allow_pickle=True)}
    dataset = load_voice_dataset(data / "emodb", data / "tess", data / "ravdess", calm="neutral",
                                 max_per_class=max_per_class)
    files = [str(p) for p in dataset.files]
    calm = np.array([Path(f).stem.split("-")[2] == "02" if dataset.corpora[i] == "ravdess" else False
                     for i, f in enumerate(files)])
    parts = [files[i::workers * 8] for i in range(workers * 8)]
    start = time.perf_counter()
    with ProcessPoolExecutor(workers) as pool:
        described = list(pool.map(_describe, parts))
    print(f"features of {len(files)} clips in {time.perf_counter() - start:.0f} s")
    rows = [None] * len(files)
    for i, part in enumerate(described):
        for j, row in enumerate(part):
            rows[i + j * workers * 8] = row
    out = {"files": np.array(files), "labels": np.array(dataset.labels), "speakers": np.array(dataset.speakers),
           "corpora": np.array(dataset.corpora), "calm": calm}
    for key in ("stats", "egemaps", "compare", "whisper"):
        out[key] = np.stack([r[key] for r in rows])
    np.savez(cache, **out)
    frames = np.empty(len(rows), object)
    for i, r in enumerate(rows):
        frames[i] = (r["frames"], r["mask"])
    np.save(cache_dir / "frames.npy", frames, allow_pickle=True)
    out["frames"] = frames
    return out


#: The candidates, fixed before any was scored: name -> (feature sets, classifier). No setting is
#: tuned on these figures (C is the usual default of each classifier).
CANDIDATES = {
    "frame statistics + SVM (shipped until now)": (["stats"], "svm"),
    "eGeMAPSv02 + logistic regression": (["egemaps"], "logreg"),
    "eGeMAPSv02 + SVM": (["egemaps"], "svm"),
    "ComParE_2016 + logistic regression": (["compare"], "logreg"),
    "Whisper encoder + logistic regression": (["whisper"], "logreg"),
    "Whisper encoder + SVM": (["whisper"], "svm"),
    "Whisper + eGeMAPSv02 + logistic regression": (["whisper", "egemaps"], "logreg"),
    "Whisper + eGeMAPSv02 + SVM": (["whisper", "egemaps"], "svm"),
    "Whisper + frame statistics + logistic regression": (["whisper", "stats"], "logreg"),
}


#: How the shipped candidate is chosen (written before any figure was seen): the highest mean of
#: EmoDB's and RAVDESS's balanced accuracy (TESS, two speakers saying single words, says little);
#: a candidate that needs openSMILE when the app runs must beat the best without it by 2 points
#: (openSMILE's licence forbids commercial use, and it adds a native library to every install).
SELECTION_MARGIN_OPENSMILE = 0.02
#: ... among the candidates that meet the speed target (a 45 s answer's voice in <= 1 s). Measured
#: after the scores: openSMILE's eGeMAPS takes 0.74 s for the low-level descriptors of a 45 s
#: answer alone and 2.4 s for the functionals of its 43 windows (0.8 s for one pass over the whole
#: answer), on top of Whisper's 0.3 s and the speech detector's 0.2 s: every openSMILE candidate
#: misses the target, whatever its accuracy.
TOO_SLOW_FOR_THE_APP = {"egemaps", "compare"}


def choose(results: dict) -> str:
    def merit(name):
        r = results[name]
        return (r["emodb"]["balanced_accuracy"] + r["ravdess"]["balanced_accuracy"]) / 2

    def needs_opensmile(name):
        return any(s in ("egemaps", "compare") for s in CANDIDATES[name][0])

    fast = [n for n in results if not set(CANDIDATES[n][0]) & TOO_SLOW_FOR_THE_APP]
    best_without = max((n for n in fast if not needs_opensmile(n)), key=merit)
    best = max(fast, key=merit)
    if needs_opensmile(best) and merit(best) < merit(best_without) + SELECTION_MARGIN_OPENSMILE:
        return best_without
    return best


def make(kind: str):
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler
    from sklearn.svm import SVC

    if kind == "logreg":
        return make_pipeline(StandardScaler(), LogisticRegression(C=1.0, max_iter=3000))
    return make_pipeline(StandardScaler(), SVC(C=10.0))


def calibrated(X, speakers, labels, exclude):
    """Each speaker's rows minus the features of that speaker's first neutral clip, which is then
    left out of training and scoring (``exclude``): what a neutral calibration recording gives."""
    X = X.copy()
    for speaker in np.unique(speakers):
        rows = np.flatnonzero(speakers == speaker)
        neutral = [i for i in rows if labels[i] == "neutral" and not exclude[i]]
        if neutral:
            X[rows] -= X[neutral[0]]
            exclude[neutral[0]] = True
    return X


def leave_one_speaker_out(X, labels, speakers, corpora, kind, keep):
    """Predicted label of every kept clip by a model trained on every other speaker's kept clips."""
    from mmer.labels import EMOTIONS

    y = np.array([EMOTIONS.index(c) for c in labels])
    predicted = np.full(len(y), -1)
    usable = keep & ~np.isnan(X).any(axis=1)
    for speaker in np.unique(speakers[usable]):
        test = usable & (speakers == speaker)
        train = usable & (speakers != speaker)
        predicted[test] = make(kind).fit(X[train], y[train]).predict(X[test])
    return y, predicted


def scores(y, predicted, corpora, mask) -> dict:
    from sklearn.metrics import balanced_accuracy_score

    out = {}
    for corpus in ("emodb", "ravdess", "tess"):
        m = mask & (corpora == corpus) & (predicted >= 0)
        out[corpus] = {"accuracy": round(float((y[m] == predicted[m]).mean()), 4),
                       "balanced_accuracy": round(float(balanced_accuracy_score(y[m], predicted[m])), 4),
                       "clips": int(m.sum())}
    return out


def compare(f: dict, names=None) -> dict:
    """Leave-one-speaker-out figures per corpus for each candidate (calm clips left out)."""
    labels, speakers, corpora = f["labels"], f["speakers"], f["corpora"]
    results = {}
    for name in names or CANDIDATES:
        sets, kind = CANDIDATES[name]
        X = np.hstack([f[s] for s in sets]).astype(np.float64)
        start = time.perf_counter()
        keep = ~f["calm"]
        y, predicted = leave_one_speaker_out(X, labels, speakers, corpora, kind, keep)
        results[name] = {"features": int(X.shape[1]), **scores(y, predicted, corpora, keep)}
        print(f"{name}: {json.dumps(results[name])} ({time.perf_counter() - start:.0f} s)", flush=True)
    return results


def variants(f: dict, name: str) -> dict:
    """The chosen candidate with a neutral calibration clip per speaker, and with RAVDESS calm
    clips taught as neutral (scored on the same 7-class clips, calm left out of the scores)."""
    sets, kind = CANDIDATES[name]
    labels, speakers, corpora = f["labels"], f["speakers"], f["corpora"]
    X = np.hstack([f[s] for s in sets]).astype(np.float64)
    out = {}
    exclude = f["calm"].copy()
    Xc = calibrated(X, speakers, labels, exclude)
    y, predicted = leave_one_speaker_out(Xc, labels, speakers, corpora, kind, ~exclude)
    out["minus one neutral clip of the speaker"] = scores(y, predicted, corpora, ~exclude)
    # Calm taught as neutral: every clip is used for training, calm clips are not scored.
    y, predicted = leave_one_speaker_out(X, labels, speakers, corpora, kind, np.ones(len(labels), bool))
    out["calm taught as neutral"] = scores(y, predicted, corpora, ~f["calm"])
    calm_predictions = predicted[f["calm"]]
    from mmer.labels import EMOTIONS

    out["calm clips are predicted as"] = {EMOTIONS[c]: round(float((calm_predictions == c).mean()), 3)
                                         for c in range(len(EMOTIONS))}
    for key, value in out.items():
        print(f"{name}, {key}: {json.dumps(value)}", flush=True)
    return out


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--only", action="append", help="score only these candidates (repeatable)")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    parser.add_argument("--max-per-class", type=int, metavar="N", help="at most N clips per class and corpus (a smoke run)")
    parser.add_argument("--cache", type=Path, default=CACHE, help="where the clips' features are kept between runs")
    args = parser.parse_args(argv)
    f = features(args.data, args.workers, args.max_per_class, args.cache)
    results = {"comparison": compare(f, args.only)}
    if not args.only:
        results["chosen"] = choose(results["comparison"])
        print(f"chosen by the rule: {results['chosen']}")
        results["variants"] = variants(f, results["chosen"])
    if args.out:
        args.out.write_text(json.dumps(results, indent=1) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
