"""The content measures (mmer.text.content) on real spoken transcripts: their distributions on
First Impressions' validation split, how each goes with the raters' "interview" score (would
you invite this person to an interview?), and how long a 300-word answer takes.

    python benchmarks/evaluate_content.py [--data ../shared/data/firstimpressions] [--resamples 1000]

The rank correlation is Spearman's rho over clips; its 95% interval comes from a bootstrap that
resamples *videos* (several clips come from one video, so clips are not independent). The cue
lists were written before these figures were first computed and were not changed after: the
figures are reported as they came. 15 s vlog clips are not interview answers, so this says how a
measure goes with being perceived as hireable in short monologues, nothing about a candidate.
"""

from __future__ import annotations

import argparse
import json
import time
from pathlib import Path

import numpy as np

from mmer.results import CONTENT_SCORES
from mmer.text.content import content_measures
from mmer.text.data import load_first_impressions

ROOT = Path(__file__).resolve().parents[1]
#: A 300-word answer for the speed figure (hand-written, structured, with a few hedges).
ANSWER = ("Last year I was the only developer at a small charity, and our donation site kept crashing during "
          "campaigns. I think the problem was partly the hosting, but mostly our payment page. I rewrote the page, "
          "added monitoring with Grafana and set up alerts for the team. As a result, the site stayed up for six "
          "months and donations grew by 30 percent. ") * 5
#: Every measure the evaluation relates to the score: the stored ones and two counts.
MEASURES = (*CONTENT_SCORES, "i_per_100_words", "repeated_phrases")


def measure_rows(texts) -> dict[str, np.ndarray]:
    rows = {name: [] for name in MEASURES}
    for text in texts:
        m = content_measures(text.split())
        for name in CONTENT_SCORES:
            rows[name].append(np.nan if m[name] is None else float(m[name]))
        rows["i_per_100_words"].append(100 * m["i_count"] / max(m["words"], 1))
        rows["repeated_phrases"].append(float(len(m["repeated_phrases"])))
    return {name: np.asarray(values) for name, values in rows.items()}


def spearman_with_interval(x, y, groups, resamples: int = 1000, seed: int = 0) -> tuple[float, float, float]:
    """Spearman's rho of ``x`` and ``y`` and a 95% percentile interval from resampling ``groups``."""
    from scipy.stats import spearmanr

    keep = ~(np.isnan(x) | np.isnan(y))
    x, y, groups = x[keep], y[keep], np.asarray(groups)[keep]
    rho = float(spearmanr(x, y).statistic)
    members = {}
    for i, g in enumerate(groups):
        members.setdefault(g, []).append(i)
    clusters = list(members.values())
    rng = np.random.default_rng(seed)
    draws = []
    for _ in range(resamples):
        picked = np.concatenate([clusters[k] for k in rng.integers(0, len(clusters), len(clusters))])
        draws.append(spearmanr(x[picked], y[picked]).statistic)
    low, high = np.nanpercentile(draws, [2.5, 97.5])
    return rho, float(low), float(high)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data" / "firstimpressions")
    parser.add_argument("--split", default="validation")
    parser.add_argument("--max-clips", type=int, help="only the first N clips (a smoke run)")
    parser.add_argument("--resamples", type=int, default=1000, help="bootstrap resamples of videos")
    parser.add_argument("--out", type=Path, help="write the figures as JSON")
    args = parser.parse_args(argv)

    words = ANSWER.split()[:300]
    content_measures(words)
    start = time.perf_counter()
    for _ in range(50):
        content_measures(words, question="Describe a project you are proud of.", job_terms=("python", "code review"))
    ms = (time.perf_counter() - start) / 50 * 1000
    print(f"a 300-word answer: {ms:.2f} ms per answer (after the first)")

    data = load_first_impressions(args.data, args.split, max_clips=args.max_clips)
    print(f"First Impressions {args.split}: {data.describe()}")
    rows = measure_rows(data.texts)
    figures = {"clips": len(data), "videos": len(set(data.groups)), "ms_per_300_words": round(ms, 3), "measures": {}}
    print(f"\n{'measure':<22} {'median':>7} {'IQR':>15}   rho with 'interview' [95% interval, videos resampled]")
    for name in MEASURES:
        values = rows[name]
        q1, median, q3 = np.nanpercentile(values, [25, 50, 75])
        rho, low, high = spearman_with_interval(values, data.interview, data.groups, args.resamples)
        figures["measures"][name] = {"median": round(float(median), 4), "q1": round(float(q1), 4),
                                     "q3": round(float(q3), 4), "rho": round(rho, 4),
                                     "rho_95": [round(low, 4), round(high, 4)]}
        print(f"{name:<22} {median:>7.3f} {q1:>7.3f}-{q3:<7.3f}   {rho:+.3f} [{low:+.3f}, {high:+.3f}]")
    if args.out:
        args.out.write_text(json.dumps(figures, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
