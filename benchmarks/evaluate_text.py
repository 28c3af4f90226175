"""Evaluate a Big Five text model the way its model card reports it, and write the metrics file.

    python benchmarks/evaluate_text.py [--model models/bigfive_text.json]
        [--data ../shared/data/firstimpressions] [--essays ../shared/data/essays/essays_train_247.csv]
        [--cv runs/text_fi_cv.json] [--out models/bigfive_text.metrics.json]

On the First Impressions validation split (never used to train or choose): accuracy per trait
against the majority baseline, Pearson r, AUC and 1 - MAE; accuracy by answer length (where the
"too short to judge" threshold comes from); calibration (reliability diagram data); the halo
(how strongly the raters' five scores go together, on the training split). On the essays (written
text): the same accuracy. Speed for a 150-word answer and the file size. ``--cv`` adds the
video-grouped cross-validation report that ``mmer train text --json`` printed.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from mmer import Models
from mmer.labels import TRAITS
from mmer.text.data import load_first_impressions
from mmer.text.evaluate import accuracy_by_length, calibration_table, evaluate_bigfive, format_bigfive_report
from mmer.text.model import BigFiveModel

ROOT = Path(__file__).resolve().parents[1]
ANSWER_150_WORDS = " ".join((
    "In my last internship I led a small team that rebuilt the volunteer schedule for a food bank. "
    "At first people missed shifts because the old sheet was confusing, so I asked everyone what went "
    "wrong, drew up a simpler plan, and tried it for two weeks before we changed it for good. " * 3
).split()[:150])


def min_words(by_length: list[dict], min_auc: float = 0.55) -> int:
    """The lower edge of the first length band (shortest first) in which the model ranks speakers
    better than chance by a margin (mean AUC >= ``min_auc``): below it, its figures are noise."""
    for row in by_length:
        if row["mean_auc"] >= min_auc:
            return int(row["words"].split("-")[0].rstrip("+"))
    return 10**9


def halo(scores: np.ndarray, interview: np.ndarray) -> dict:
    """Correlations between the raters' trait scores, and of each with "interview"."""
    r = np.corrcoef(np.column_stack([scores, interview]).T)
    names = [*TRAITS, "interview"]
    first_component = np.linalg.eigvalsh(np.corrcoef(scores.T))[-1] / len(TRAITS)
    return {"correlation": {a: {b: round(float(r[i, j]), 3) for j, b in enumerate(names)} for i, a in enumerate(names)},
            "variance_explained_by_first_component": round(float(first_component), 3)}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default=ROOT / "models" / "bigfive_text.json", type=Path)
    parser.add_argument("--data", default=ROOT.parent / "shared" / "data" / "firstimpressions", type=Path)
    parser.add_argument("--essays", default=ROOT.parent / "shared" / "data" / "essays" / "essays_train_247.csv", type=Path)
    parser.add_argument("--cv", type=Path, help="the JSON report printed by `mmer train text --json` (last line)")
    parser.add_argument("--comparison", type=Path, help="JSON of the candidates compared (kept in the metrics file)")
    parser.add_argument("--out", type=Path, help="write the metrics here (default: print only)")
    args = parser.parse_args(argv)

    model = BigFiveModel.load(args.model)
    training = load_first_impressions(args.data, "training")
    validation = load_first_impressions(args.data, "validation")
    report = evaluate_bigfive(validation, model=Models(text=model))
    print("First Impressions validation:", validation.describe())
    print(format_bigfive_report(report))

    by_length = accuracy_by_length(validation.texts, validation.Y, model)
    print("\naccuracy by answer length (validation):")
    for row in by_length:
        print(f"  {row['words']:>7} words  n={row['n']:>4}  accuracy {row['mean_accuracy']:.3f}"
              f"  majority {row['mean_majority_baseline']:.3f}  AUC {row['mean_auc']:.3f}")
    shortest = min_words(by_length)
    print(f"too short to judge below {shortest} words")

    calibration = calibration_table(model.predict_proba(validation.texts), validation.Y)
    print("\ncalibration (validation, all traits):")
    for row in calibration:
        print(f"  P(high) {row['bin']}  n={row['n']:>5}  mean predicted {row['mean_probability']:.3f}"
              f"  share high {row['share_high']:.3f}")

    essays = evaluate_bigfive(args.essays, model=Models(text=model))
    print(f"\nwritten essays ({essays['n']}): mean accuracy {essays['mean_accuracy']:.3f}, "
          f"majority {essays['mean_majority_baseline']:.3f}")

    model.predict_proba([ANSWER_150_WORDS])
    start = time.perf_counter()
    for _ in range(50):
        model.predict_proba([ANSWER_150_WORDS])
    ms = (time.perf_counter() - start) / 50 * 1000
    size_mb = args.model.stat().st_size / 2**20
    print(f"\n{len(ANSWER_150_WORDS.split())}-word answer: {ms:.1f} ms after loading; model file {size_mb:.1f} MB")

    metrics = {
        "model": args.model.name,
        "trained_on": training.describe(),
        "validation": {**report, "data": validation.describe()},
        "by_length": by_length,
        "min_words": shortest,
        "calibration": calibration,
        "essays": essays,
        "halo_training": halo(training.scores, training.interview),
        "ms_per_150_words": round(ms, 2),
        "size_mb": round(size_mb, 2),
    }
    if args.cv:
        metrics["cv_grouped"] = json.loads(args.cv.read_text().strip().splitlines()[-1])
    if args.comparison:
        metrics["comparison"] = json.loads(args.comparison.read_text())
    if args.out:
        args.out.write_text(json.dumps(metrics, indent=1) + "\n")
        print(f"metrics written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
