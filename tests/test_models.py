"""The model bundle (mmer.load_models), the one configuration module, and the feedback module."""

import pytest

import mmer
from mmer.errors import InvalidArgumentError, UnsupportedInputError


def test_a_bundle_hands_the_voice_model_its_recogniser():
    """A custom recogniser in a bundle is the one the voice model encodes with: never a second Whisper."""
    from mmer.speech.asr import load_speech_recognizer

    mine = load_speech_recognizer()
    models = mmer.Models(speech=mine).load(["voice"])
    assert models.speech is mine and models.voice.encoder is mine
    assert set(models.versions) == {"speech", "voice"}
    assert models.versions["voice"].startswith("voice_emotion-") and models.versions["speech"] == mine.version


def test_analyses_take_one_model_type():
    models = mmer.load_models(["text"])
    text = "Last year I led a team of five volunteers and we organised a festival together. " * 3
    assert mmer.analyze_text(text, model=models).model_version == models.versions["text"]
    with pytest.raises(UnsupportedInputError, match="mmer.load_models"):
        mmer.analyze_text(text, model=models.text)  # the bare model, not a bundle
    with pytest.raises(InvalidArgumentError, match="no face model"):
        import cv2

        from mmer.examples import example_face

        mmer.analyze_image(cv2.imencode(".png", example_face())[1].tobytes(), model=models)
    with pytest.raises(InvalidArgumentError, match="unknown model part"):
        mmer.load_models(["faces"])


def test_configuration_is_read_when_asked(monkeypatch, tmp_path):
    """No setting is read at import: a variable set after `import mmer` counts."""
    from mmer import config
    from mmer.errors import ModelNotFoundError
    from mmer.models import model_path

    monkeypatch.setenv("MMER_MODELS_DIR", str(tmp_path))
    assert config.models_dir() == tmp_path
    with pytest.raises(ModelNotFoundError, match="MMER_MODELS_DIR"):
        model_path("face_emotion.onnx")
    monkeypatch.setenv("MMER_RECORDING_WAIT_SECONDS", "soon")
    with pytest.raises(InvalidArgumentError):
        config.recording_wait_seconds()


def test_readme_lists_every_setting():
    from conftest import ROOT
    from mmer.config import VARIABLES

    readme = (ROOT / "README.md").read_text()
    for name in VARIABLES:
        assert name in readme, name


def test_one_limits_sentence_everywhere():
    """The app, reports and the interviews say the limits with the feedback module's words."""
    from mmer import feedback
    from mmer.examples import example_session
    from mmer.report import report_html
    from mmer.widgets.app import PRIVACY

    import html

    assert html.escape(feedback.LIMITS) in report_html(example_session(3))
    assert html.escape(feedback.LIMITS) in PRIVACY


def test_limits_wording_matches_the_model_cards():
    """The dashboard's Limits sentence names what the models learned from, as their cards say."""
    from conftest import ROOT
    from mmer import feedback

    cards = {name: (ROOT / "models" / f"{name}.md").read_text() for name in ("face_emotion", "voice_emotion", "bigfive_text")}
    assert "FER2013" in cards["face_emotion"] and "posed photos" in feedback.LIMITS
    assert "RAVDESS" in cards["voice_emotion"] and "acted voices" in feedback.LIMITS
    assert "First Impressions" in cards["bigfive_text"] and "spoken answers" in feedback.LIMITS
    assert "essay" not in feedback.LIMITS and "essay" not in feedback.APP_PRIVACY
