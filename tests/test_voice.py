"""The vocal-emotion pipeline on audio the tests synthesise, and the shipped model on real clips."""

import io
import os

import numpy as np
import pytest

import mmer
from mmer.errors import (
    CorruptMediaError,
    DatasetError,
    EmptyMediaError,
    InvalidMediaError,
    NoAudioTrackError,
    NoSpeechError,
    RecordingTooShortError,
)
from mmer.media import load_audio
from mmer.examples import synthetic_speech, write_audio
from mmer.voice.analyze import window_spans
from mmer.voice.data import load_voice_dataset, parse_label


@pytest.mark.parametrize("container", ["wav", "flac", "ogg", "webm", "mp3", "mp4"])
def test_decodes_every_container_to_16k_mono(container):
    y = synthetic_speech(2.0)
    decoded = load_audio(write_audio(y, container=container))
    assert decoded.dtype == np.float32
    # Lossy codecs pad a little (AAC adds ~0.1 s of priming); the length is still the recording's, at 16 kHz.
    assert abs(len(decoded) - len(y)) < 0.15 * 16000
    assert 0.5 < np.abs(decoded).max() / np.abs(y).max() < 1.5


@pytest.mark.parametrize("rate", [8000, 22050, 44100, 48000])
def test_other_sample_rates_are_resampled(rate):
    from scipy.signal import resample_poly

    y = resample_poly(synthetic_speech(2.0), rate, 16000).astype(np.float32)
    decoded = load_audio(write_audio(y, sr=rate, container="wav"))
    assert abs(len(decoded) - 32000) <= 2


def test_stereo_is_mixed_to_mono_and_analysed():
    y = synthetic_speech(4.0)
    stereo = np.stack([y, 0.5 * y])
    data = write_audio(stereo, container="wav")
    assert load_audio(data).shape == (64000,)
    result = mmer.analyze_audio(data)
    assert result.voiced_windows


def test_timeline_silence_and_summary(speech_wav):
    result = mmer.analyze_audio(speech_wav)
    assert result.duration == pytest.approx(8.0, abs=0.01)
    starts = [w.start for w in result.windows]
    assert starts == [0, 1, 2, 3, 4, 5]  # 3 s windows every 1 s over 8 s
    assert result.windows[-1].end == pytest.approx(8.0, abs=0.01)
    # The 3 s pause (3..6 s) holds exactly one window with no speech at all.
    silent = [w for w in result.windows if w.silent]
    assert [(w.start, w.end) for w in silent] == [(3.0, 6.0)]
    for w in result.voiced_windows:
        assert len(w.probabilities) == 7 and sum(w.probabilities) == pytest.approx(1, abs=1e-3)
        assert w.emotion in mmer.EMOTIONS
    assert result.voiced_seconds == pytest.approx(5.0, abs=0.25)  # 3 s + 2 s of generated voice (Silero: ±0.1 s an edge)
    summary = result.summary
    assert summary["dominant_emotion"] in mmer.EMOTIONS
    assert sum(summary["shares"].values()) == pytest.approx(1)
    assert summary["silent_windows"] == 1 and summary["windows_analysed"] == 6
    assert result.model_version.startswith("voice_emotion-")


def test_result_round_trip(speech_wav):
    result = mmer.analyze_audio(speech_wav)
    again = mmer.AudioResult.from_json(result.to_json())
    assert again == result and again.summary == result.summary
    frame = result.to_dataframe()
    assert list(frame.columns[:4]) == ["start", "end", "silent", "voiced_seconds"]
    assert frame["silent"].sum() == 1 and len(frame) == 6
    with pytest.raises(mmer.ResultFormatError, match="not a audio result"):
        mmer.AudioResult.from_dict({"kind": "video"})
    assert mmer.Result.from_json(result.to_json()) == result  # the kind picks the class


def test_analysis_from_samples_matches_file(speech_wav):
    from_file = mmer.analyze_audio(speech_wav)
    samples = load_audio(speech_wav)
    assert mmer.analyze_audio(samples, sample_rate=16000) == from_file
    import soxr

    at_48k = soxr.resample(samples, 16000, 48000)
    assert mmer.analyze_audio(at_48k, sample_rate=48000).summary["windows_analysed"] == 6
    with pytest.raises(mmer.InvalidArgumentError, match="sample_rate"):
        mmer.analyze_audio(samples)
    with pytest.raises(mmer.InvalidArgumentError, match="mono"):
        mmer.analyze_audio(np.zeros((2, 16000)), sample_rate=16000)
    with pytest.raises(mmer.InvalidArgumentError, match="window"):
        mmer.analyze_audio(speech_wav, window=0)


def test_webm_opus_from_the_browser(tmp_path):
    path = write_audio(synthetic_speech(5.0), tmp_path / "answer.webm")
    result = mmer.analyze_audio(path)
    assert result.duration == pytest.approx(5.0, abs=0.1)
    assert len(result.voiced_windows) == 3


@pytest.mark.parametrize("samples", [np.zeros(5 * 16000), 10 ** (-70 / 20) * np.random.default_rng(0).standard_normal(5 * 16000)],
                         ids=["digital-silence", "quiet-noise"])
def test_silence_only_raises(samples):
    with pytest.raises(NoSpeechError, match="no speech"):
        mmer.analyze_audio(write_audio(samples.astype(np.float32), container="wav"))


def test_short_clip_raises():
    with pytest.raises(RecordingTooShortError, match="lasts only 0.2 s"):
        mmer.analyze_audio(write_audio(synthetic_speech(0.2), container="wav"))


def test_clipped_recording_gives_a_result_with_a_warning():
    loud = np.clip(synthetic_speech(4.0) * 30, -1, 1)
    result = mmer.analyze_audio(write_audio(loud, container="flac"))
    assert result.voiced_windows
    assert any("clipped" in w for w in result.warnings)


def test_video_without_audio_track(face_webm):
    with pytest.raises(NoAudioTrackError, match="no audio track"):
        mmer.analyze_audio(face_webm)


def test_audio_track_of_a_video_is_used(tmp_path):
    import av

    from mmer.examples import face_clip
    from harness import astronaut_bgr

    path = tmp_path / "with_sound.webm"
    y = synthetic_speech(2.0)
    frames = list(face_clip([astronaut_bgr()], 2, fps=5, size=(160, 120)))
    with av.open(str(path), "w", format="webm") as out:
        video = out.add_stream("libvpx", rate=5)
        video.width, video.height, video.pix_fmt = 160, 120, "yuv420p"
        audio = out.add_stream("libopus", rate=48000, layout="mono")
        for f in frames:
            for p in video.encode(av.VideoFrame.from_ndarray(f, format="bgr24")):
                out.mux(p)
        for p in video.encode():
            out.mux(p)
        resampler = av.AudioResampler(format="s16", layout="mono", rate=48000)
        frame = av.AudioFrame.from_ndarray(y[None, :], format="fltp", layout="mono")
        frame.sample_rate = 16000
        for r in resampler.resample(frame) + resampler.resample(None):
            for p in audio.encode(r):
                out.mux(p)
        for p in audio.encode():
            out.mux(p)
    assert abs(len(load_audio(path)) - 32000) < 1600


@pytest.mark.parametrize(
    "data, error",
    [(b"", EmptyMediaError), (b"this is not audio at all" * 50, InvalidMediaError)],
    ids=["empty", "not-audio"],
)
def test_bad_bytes(data, error):
    with pytest.raises(error):
        mmer.analyze_audio(data)


def test_truncated_file():
    data = write_audio(synthetic_speech(3.0), container="webm")
    with pytest.raises(CorruptMediaError, match="corrupt or truncated"):
        mmer.analyze_audio(data[: len(data) // 3] + b"\x00" * 1000 + data[len(data) // 2 :])
    with pytest.raises(CorruptMediaError, match="corrupt or truncated"):
        mmer.analyze_audio(data[: len(data) // 2])


@pytest.fixture(scope="module")
def spoken():
    """Real speech when espeak-ng is there, else the synthetic voice."""
    import shutil

    if shutil.which("espeak-ng"):
        from mmer.examples import speak

        return speak("I organised a festival with five volunteers and we raised money for books.")
    return synthetic_speech(4.0, seed=5)


@pytest.mark.parametrize("level_db", [-45, -25, -3], ids=["quiet", "normal", "loud"])
def test_speech_is_found_at_any_level(spoken, level_db):
    """Soft speech is speech (an absolute loudness floor called soft, sad voices silent)."""
    from mmer.voice.encoder import speech_mask

    y = (spoken / np.abs(spoken).max() * 10 ** (level_db / 20)).astype(np.float32)
    padded = np.concatenate([np.zeros(16000, np.float32), y, np.zeros(16000, np.float32)])
    mask = speech_mask(padded)
    assert mask[60:-60].mean() > 0.6 and not mask[:40].any() and not mask[-40:].any()
    result = mmer.analyze_audio(padded, sample_rate=16000)
    assert result.voiced_seconds >= 0.6 * len(y) / 16000


def test_a_loud_room_is_not_speech_and_noisy_speech_is(spoken):
    from mmer.voice.encoder import speech_mask

    rng = np.random.default_rng(1)
    hum = 0.3 * np.sin(2 * np.pi * 50 * np.arange(4 * 16000) / 16000) + rng.normal(0, 0.2, 4 * 16000)
    assert speech_mask(hum.astype(np.float32)).mean() < 0.1
    with pytest.raises(NoSpeechError):
        mmer.analyze_audio(hum.astype(np.float32), sample_rate=16000)
    noisy = spoken + rng.normal(0, np.std(spoken) / 3, len(spoken))  # about 10 dB signal to noise
    assert speech_mask(noisy.astype(np.float32)).mean() > 0.6


def test_window_spans():
    assert window_spans(2.0, 3.0, 1.0) == [(0.0, 2.0)]
    assert window_spans(5.5, 3.0, 1.0) == [(0.0, 3.0), (1.0, 4.0), (2.0, 5.0), (2.5, 5.5)]
    with pytest.raises(ValueError):
        window_spans(5.0, 0, 1.0)


# -- labeled corpora ----------------------------------------------------------------------------
@pytest.mark.parametrize(
    "path, expected",
    [
        ("emodb/03a01Wa.wav", ("angry", "emodb-03", "emodb")),
        ("emodb/16b10Lb.wav", ("skip", "emodb-16", "emodb")),
        ("tess/OAF_pleasant_surprise/OAF_back_ps.wav", ("surprise", "tess-OAF", "tess")),
        ("tess/YAF_fear/YAF_bar_fear.wav", ("fear", "tess-YAF", "tess")),
        ("ravdess/Actor_12/03-01-05-01-02-01-12.wav", ("angry", "ravdess-12", "ravdess")),
        ("ravdess/Actor_01/03-01-02-01-01-01-01.wav", ("skip", "ravdess-01", "ravdess")),
        ("ravdess/Actor_03/03-01-08-02-02-02-03.wav", ("surprise", "ravdess-03", "ravdess")),
        ("crema/1001_DFA_ANG_XX.wav", ("angry", "crema-1001", "crema-d")),
        ("crema/1091_IEO_NEU_LO.wav", ("neutral", "crema-1091", "crema-d")),
        ("savee/DC_a01.wav", ("angry", "savee-DC", "savee")),
        ("savee/JK_sa15.wav", ("sad", "savee-JK", "savee")),
        ("savee/KL_su02.wav", ("surprise", "savee-KL", "savee")),
        ("AudioData/JE/n30.wav", ("neutral", "savee-JE", "savee")),
        ("random/a01.wav", None),
        ("random/recording.wav", None),
    ],
)
def test_parse_label(path, expected):
    assert parse_label(path) == expected


def test_loaders_on_generated_ravdess_and_crema_files(tmp_path):
    clip = write_audio(synthetic_speech(1.0), container="wav")
    names = ["ravdess/Actor_01/03-01-01-01-01-01-01.wav", "ravdess/Actor_01/03-01-02-01-01-01-01.wav",
             "ravdess/Actor_02/03-01-08-01-01-01-02.wav", "crema/1001_DFA_ANG_XX.wav", "crema/1002_IEO_SAD_HI.wav",
             "crema/notes.txt"]
    for name in names:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(clip)
    data = load_voice_dataset(tmp_path)
    assert sorted(data.labels) == ["angry", "neutral", "sad", "surprise"]
    assert set(data.corpora) == {"ravdess", "crema-d"}
    assert data.skipped == {"ravdess clips with a label outside our 7 emotions": 1}
    assert "skipped 1" in data.describe()


def test_savee_names_and_calm_as_neutral(tmp_path):
    clip = write_audio(synthetic_speech(1.0), container="wav")
    for name in ["savee/DC_h01.wav", "savee/DC_d02.wav", "savee/JE/f03.wav", "ravdess/Actor_05/03-01-02-02-01-01-05.wav"]:
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_bytes(clip)
    data = load_voice_dataset(tmp_path)
    assert sorted(zip(data.speakers, data.labels)) == [("savee-DC", "disgust"), ("savee-DC", "happy"), ("savee-JE", "fear")]
    calm = load_voice_dataset(tmp_path, calm="neutral")
    assert ("ravdess-05", "neutral") in set(zip(calm.speakers, calm.labels)) and not calm.skipped
    with pytest.raises(ValueError, match="calm"):
        load_voice_dataset(tmp_path, calm="happy")


def test_dataset_errors(tmp_path):
    with pytest.raises(DatasetError, match="does not exist"):
        load_voice_dataset(tmp_path / "nope")
    (tmp_path / "x.wav").write_bytes(b"")
    with pytest.raises(DatasetError, match="no labeled audio"):
        load_voice_dataset(tmp_path)


@pytest.mark.slow
def test_training_and_evaluation_on_tiny_corpora(fake_corpora, tmp_path):
    """The whole training recipe on synthetic corpora: LOSO report, ONNX written, reloadable."""
    import json

    from mmer import Models
    from mmer.voice.evaluate import evaluate_voice
    from mmer.voice.model import VoiceModel
    from mmer.voice.train import train_voice_model

    metrics = train_voice_model(fake_corpora / "emodb", fake_corpora / "tess", out_dir=tmp_path)
    assert "skipped 1" in metrics["data"]
    loso = metrics["loso_emodb"]
    assert set(loso["per_speaker"]) == {"emodb-03", "emodb-08", "emodb-09"}
    assert loso["n"] == 24
    # Pitch and loudness separate these synthetic 'emotions' well: far above chance (0.25).
    assert loso["accuracy"] >= 0.6
    assert json.loads((tmp_path / "voice_emotion.metrics.json").read_text())["C"] == metrics["C"]
    model = VoiceModel.load(tmp_path / "voice_emotion.onnx")
    assert set(model.classes) == {"angry", "sad", "happy", "neutral"}
    report = evaluate_voice(fake_corpora, model=Models(voice=model))
    assert report["n"] == 56 and report["skipped"] == 1
    assert set(report["by_corpus"]) == {"emodb", "tess", "ravdess"} and len(report["per_speaker"]) == 7
    assert report["by_corpus"]["emodb"]["accuracy"] >= 0.8  # its training clips


def test_shipped_model_on_real_clips(voice_dirs):
    """Sanity check of the shipped model on a few real clips per class (it was trained on these,
    so this checks the file and the feature code agree, not accuracy: see the model card)."""
    from mmer.voice.evaluate import evaluate_voice

    report = evaluate_voice(voice_dirs, max_per_class=3)
    assert report["n"] == 3 * 6 + 3 * 7
    assert report["skipped"] > 0  # EmoDB's boredom clips
    assert report["accuracy"] >= 0.8


@pytest.mark.slow
def test_processes_that_start_together_do_not_break_the_numba_cache(tmp_path):
    # numba#10128: processes compiling librosa's gufuncs at once left a cache that crashed every
    # later process (a class server's kernels, seen as segfaults under the load test).
    import subprocess
    import sys

    import time

    script = (
        "import sys, time\n"
        "import numpy as np\n"
        "from mmer.voice.features import frame_features, load_librosa\n"
        "time.sleep(max(0.0, float(sys.argv[1]) - time.time()))\n"
        "load_librosa()\n"
        "y = np.random.default_rng(0).standard_normal(16000 * 2).astype(np.float32) * 0.1\n"
        "print(frame_features(y).values.shape)\n"
    )
    env = {**os.environ, "NUMBA_CACHE_DIR": str(tmp_path / "numba")}
    # Staggered by a second: later ones find some functions cached and compile the rest (#10128).
    start_at = time.time() + 8
    together = [subprocess.Popen([sys.executable, "-c", script, str(start_at + i)], env=env, stdout=subprocess.PIPE,
                                 text=True) for i in range(4)]
    after = [p.wait(timeout=600) for p in together]
    later = subprocess.run([sys.executable, "-c", script, "0"], env=env, capture_output=True, text=True, timeout=600)
    assert after == [0, 0, 0, 0] and later.returncode == 0, (after, later.returncode, later.stderr[-2000:])
