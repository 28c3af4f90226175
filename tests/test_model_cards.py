"""The model cards, the README and the dashboard's reliability sentences state the figures of
the metrics files written when the shipped models were evaluated: no number drifts apart."""

import json
import re

import pytest

import mmer
from mmer.labels import TRAITS

from conftest import ROOT

MODELS = ROOT / "models"


def _metrics(name):
    return json.loads((MODELS / f"{name}.metrics.json").read_text())


def _card(name):
    """The card's text with line breaks and runs of spaces made single spaces."""
    return " ".join((MODELS / f"{name}.md").read_text().split())


def _pct(x):
    return f"{100 * x:.1f}%"


def test_face_card_readme_and_reliability_note():
    m = _metrics("face_emotion")
    card = _card("face_emotion")
    assert f"**Accuracy {_pct(m['accuracy'])}, balanced accuracy {_pct(m['balanced_accuracy'])}** (n = {m['n']})" in card
    assert f"| **the same, int8 convolutions (shipped)** | **{_pct(m['accuracy'])}** | **{_pct(m['balanced_accuracy'])}** |" in card
    for emotion, row in m["per_class"].items():
        cells = f"| {emotion} | {row['precision']:.3f} | {row['recall']:.3f} | {row['f1']:.3f} | {row['support']} |"
        assert cells in card, cells
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert f"({_pct(m['accuracy'])} on PublicTest)" in readme
    note = mmer.reliability_note("video")
    assert f"right {m['accuracy']:.0%} of the time ({m['balanced_accuracy']:.0%} averaged" in note


def test_voice_card_and_reliability_note():
    m = _metrics("voice_emotion")
    comparison = json.loads((MODELS / "voice_emotion.comparison.json").read_text())
    card = _card("voice_emotion")
    for corpus in ("ravdess", "emodb", "tess"):
        r = m[f"loso_{corpus}"]
        assert f"accuracy {r['accuracy']:.3f}, balanced accuracy {r['balanced_accuracy']:.3f}** ({r['n']} clips" in card
        for emotion, row in r["per_class"].items():
            if row["support"]:
                cells = f"| {emotion} | {row['precision']:.3f} | {row['recall']:.3f} | {row['support']} |"
                assert cells in card, cells
        speakers = ", ".join(f"{s.split('-')[1]} {a:.2f}" for s, a in r["per_speaker"].items())
        assert f"Per held-out speaker: {speakers}." in card
    for name, r in comparison["comparison"].items():
        assert f"{r['ravdess']['accuracy']:.3f} / {r['ravdess']['balanced_accuracy']:.3f} |" in card and name in card
    assert f"**{comparison['chosen']}**" in card and m["features"] in card
    readme = " ".join((ROOT / "README.md").read_text().split())
    assert (f"right {m['loso_ravdess']['accuracy']:.0%} of the time on English speakers it never heard (RAVDESS), "
            f"{m['loso_emodb']['accuracy']:.0%} on German ones (EmoDB)") in readme
    note = mmer.reliability_note("audio")
    ravdess = m["loso_ravdess"]
    assert f"right {ravdess['accuracy']:.0%} of the time ({ravdess['balanced_accuracy']:.0%} averaged" in note


def test_text_card_and_reliability_note():
    m = _metrics("bigfive_text")
    card = _card("bigfive_text")
    val, cv = m["validation"], m["cv_grouped"]
    for trait in TRAITS:
        row = (f"| {trait} | {_pct(val['per_trait_accuracy'][trait])} | {_pct(val['majority_baseline'][trait])} | "
               f"{val['pearson_r'][trait]:.3f} | {val['auc'][trait]:.3f} | {val['one_minus_mae'][trait]:.3f} "
               f"({val['one_minus_mae_mean_baseline'][trait]:.3f}) | {_pct(cv['per_trait_accuracy'][trait])} |")
        assert row in card, row
    assert (f"| **mean** | **{_pct(val['mean_accuracy'])}** | {_pct(val['mean_majority_baseline'])} | | | | "
            f"**{_pct(cv['mean_accuracy'])}** |") in card
    for row in m["by_length"]:
        cells = (f"| {row['words']} | {row['n']} | {_pct(row['mean_accuracy'])} | {_pct(row['mean_majority_baseline'])} | "
                 f"{row['mean_auc']:.3f} |")
        assert cells in card, cells
    for row in m["calibration"]:
        assert f"| {row['bin']} | {row['n']} | {row['mean_probability']:.3f} | {row['share_high']:.3f} |" in card
    essays = m["essays"]
    assert f"{_pct(essays['mean_accuracy'])} where the majority baseline gives {_pct(essays['mean_majority_baseline'])}" in card
    for name, c in m["comparison"].items():
        cv_mean = "n/a" if c["cv_mean"] is None else _pct(c["cv_mean"])
        assert f"| {name} | {cv_mean} | {_pct(c['validation_mean'])} |" in card, name
    from mmer.text.analyze import MIN_WORDS

    assert MIN_WORDS == m["min_words"] and f"under {MIN_WORDS} words" in card
    assert f"{m['ms_per_150_words']:.0f} ms" in card and f"{m['size_mb']:.1f} MB" in card
    note = mmer.reliability_note("text")
    assert f"{val['mean_accuracy']:.0%} of the time" in note and f"gives {val['mean_majority_baseline']:.0%}" in note


def test_speech_recognition_card():
    m = _metrics("speech_recognition")
    card = _card("speech_recognition")
    single, long = m["single"], m["long"]
    assert (f"| {single['clips']} single RAVDESS sentences ({single['actors']} actors, 8 emotions, acted) | "
            f"{_pct(single['wer'])} | {single['seconds_per_clip']:.1f} s per {single['audio_seconds_per_clip']:.1f} s clip |") in card
    assert (f"| {long['answers']} long answers of 10 RAVDESS clips each ({long['audio_seconds_per_answer']:.0f} s) | "
            f"{_pct(long['wer'])} | {long['seconds_per_answer']:.1f} s per answer |") in card
    assert f"| {m['fillers']['kept']} of {m['fillers']['spoken']} kept" in card
    from mmer.speech.asr import ASR_WEIGHTS_SHA256

    assert ASR_WEIGHTS_SHA256 in card


@pytest.mark.parametrize("kind", mmer.MODALITIES)
def test_every_modality_has_a_measured_reliability_note(kind):
    assert "has not been evaluated" not in mmer.reliability_note(kind)
