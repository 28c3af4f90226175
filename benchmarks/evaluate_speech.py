"""Word error rate and speed of the offline speech recogniser, and how many filler words it keeps.

    python benchmarks/evaluate_speech.py [--ravdess ../shared/data/ravdess] [--per-actor 8]

1. Single RAVDESS sentences (emotional acted speech): ``--per-actor`` clips per actor, spread
   over the emotions.
2. Long answers: every clip of an actor set one after another (10 per answer, 0.6 s apart).
3. Fillers: a known answer with 6 hesitation fillers spoken by espeak-ng: how many the
   transcript keeps (Whisper was trained on cleaned transcripts and drops many).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import numpy as np

from mmer.media import load_audio
from mmer.speech.asr import load_speech_recognizer, transcribe
from mmer.speech.delivery import filler_words
from mmer.speech.evaluate import long_answers, ravdess_transcripts, word_error_rate

ROOT = Path(__file__).resolve().parents[1]
FILLER_ANSWER = ("Um, I think my biggest strength is, uh, organisation. Last year I, um, planned a festival. "
                 "It was, uh, hard work, but, um, we finished on time. Uh, I would do it again.")
FILLERS_SPOKEN = 6


def _transcribe_all(recordings, model, verbatim):
    """``(references, hypotheses, seconds spent, seconds of audio)`` over ``(samples, text)`` pairs."""
    references, hypotheses, seconds, audio_seconds = [], [], 0.0, 0.0
    for samples, text in recordings:
        start = time.perf_counter()
        words = transcribe(samples, model=model, verbatim=verbatim)
        seconds += time.perf_counter() - start
        audio_seconds += len(samples) / 16000
        references.append(text)
        hypotheses.append(" ".join(w.text for w in words))
    return references, hypotheses, seconds, audio_seconds


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--ravdess", type=Path, default=ROOT.parent / "shared" / "data" / "ravdess")
    parser.add_argument("--per-actor", type=int, default=8)
    parser.add_argument("--long-answers", type=int, default=16, help="how many long answers (10 clips each)")
    parser.add_argument("--no-verbatim", action="store_true", help="without the prompt that keeps fillers")
    parser.add_argument("--out", type=Path, help="write the figures as JSON (models/speech_recognition.metrics.json)")
    args = parser.parse_args(argv)

    start = time.perf_counter()
    model = load_speech_recognizer()
    print(f"model loaded in {time.perf_counter() - start:.2f} s")
    clips = ravdess_transcripts(args.ravdess)
    # The recogniser's settings (prompt, window length, temperature) were chosen on the first 60
    # clips of this shuffle (6 long answers) and on 4 single clips per actor drawn with seed 0:
    # they are left out here, so the figures are not measured on what was tuned.
    rng = np.random.default_rng(0)
    order = rng.permutation(len(clips))
    tuned = set(int(i) for i in order[:60])
    by_actor = {}
    for i, clip in enumerate(clips):
        by_actor.setdefault(clip[3], []).append(i)
    for actor, rows in sorted(by_actor.items()):
        tuned.update(rows[j] for j in rng.choice(len(rows), size=min(4, len(rows)), replace=False))
    pick = np.random.default_rng(1)
    chosen = []
    for actor, rows in sorted(by_actor.items()):
        free = [i for i in rows if i not in tuned]
        chosen += [clips[free[j]] for j in sorted(pick.choice(len(free), size=min(args.per_actor, len(free)), replace=False))]
    verbatim = not args.no_verbatim
    references, hypotheses, seconds, audio_seconds = _transcribe_all(
        ((load_audio(path), text) for path, text, *_ in chosen), model, verbatim)
    metrics = {"single": {"clips": len(chosen), "actors": len(by_actor), "wer": word_error_rate(references, hypotheses),
                          "seconds_per_clip": seconds / len(chosen), "audio_seconds_per_clip": audio_seconds / len(chosen)}}
    print(f"single sentences: {len(chosen)} RAVDESS clips from {len(by_actor)} actors, word error rate "
          f"{word_error_rate(references, hypotheses):.1%}; {seconds / len(chosen):.2f} s per clip "
          f"({audio_seconds / len(chosen):.1f} s of audio each)")
    errors = [(r, h) for r, h in zip(references, hypotheses) if word_error_rate([r], [h]) > 0][:5]
    for r, h in errors:
        print(f"   said {r!r}, heard {h!r}")

    rest = [clips[i] for i in order[60:]]
    answers = long_answers(rest[: 10 * args.long_answers])
    references, hypotheses, seconds, audio_seconds = _transcribe_all(answers, model, verbatim)
    metrics["long"] = {"answers": len(answers), "wer": word_error_rate(references, hypotheses),
                       "seconds_per_answer": seconds / len(answers), "audio_seconds_per_answer": audio_seconds / len(answers)}
    print(f"long answers: {len(answers)} answers of 10 clips ({audio_seconds / len(answers):.0f} s each), word error "
          f"rate {word_error_rate(references, hypotheses):.1%}; {seconds / len(answers):.2f} s per answer "
          f"({audio_seconds / seconds:.0f}x real time)")

    try:
        from mmer.examples import speak

        words = transcribe(speak(FILLER_ANSWER), model=model, verbatim=verbatim)
        kept = len(filler_words(words))
        metrics["fillers"] = {"spoken": FILLERS_SPOKEN, "kept": kept}
        print(f"fillers: {kept} of {FILLERS_SPOKEN} spoken hesitation fillers kept in the transcript "
              f"(espeak-ng voice): {' '.join(w.text for w in words)!r}")
    except RuntimeError as exc:
        print(f"fillers: not measured ({exc})")
    if args.out:
        import json

        args.out.write_text(json.dumps(metrics, indent=1) + "\n")
        print(f"figures written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
