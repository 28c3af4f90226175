"""``analyze_answer``: one recorded answer read every way: face, voice, words and perceived traits."""

from __future__ import annotations

import importlib
from concurrent.futures import ThreadPoolExecutor

from .errors import NoAudioTrackError, NoFaceFoundError, NoSpeechError, NotAVideoError
from .media import (MIN_RECORDING_SECONDS, as_source, describe_source, has_video_stream, load_audio,
                    looks_like_image, recording_too_short)
from .questions import check_role
from .results import AnswerResult

SAMPLE_RATE = 16_000


def analyze_answer(source, *, model=None, progress=None, fast: bool = False, question: str = "",
                   role: str | None = None) -> AnswerResult:
    """Everything one spoken answer shows, on one time axis.

    A video answer gives the face's emotions per frame (:func:`mmer.analyze_video`), the voice's
    per window (:func:`mmer.analyze_audio`), the words with their times (offline speech
    recognition, :mod:`mmer.speech.asr`), the perceived traits of what was said
    (:func:`mmer.analyze_text` on the transcript) and the delivery measures (pace, long pauses,
    filler words, length, face in view and facing the camera, audio quality: definitions in
    :mod:`mmer.speech.delivery`). An audio-only answer gives the same without the face.

    Parameters
    ----------
    source : path, bytes or binary file object of a recording (WebM, MP4, WAV, FLAC...).
    model : optional :class:`mmer.Models` bundle (:func:`mmer.load_models`): load it once to
        analyse many answers; default: the shipped models. Its voice model describes speech with
        its own recogniser, so one Whisper serves both.
    progress : optional callable ``progress(fraction_done)`` (0..1).
    fast : sample the video at 2 frames per second (what the dashboard does); default: every frame.
    question, role : the question answered and the role chosen: what was said is measured
        against them (:func:`mmer.analyze_text`, :mod:`mmer.text.content`).

    The face, the voice and the speech recogniser run at the same time on worker threads (their
    libraries release the GIL), so the answer takes about as long as the slowest of them.

    Raises :class:`~mmer.errors.InvalidMediaError` subclasses for unreadable files,
    :class:`~mmer.errors.NotAVideoError` for a photo, :class:`~mmer.errors.RecordingTooShortError`
    and :class:`~mmer.errors.NoSpeechError` when nothing was said. A video in which no face is
    found still gives everything else, and a video without a sound track (the microphone was off)
    the face alone, each with a warning.

    >>> import mmer
    >>> from mmer.examples import example_face, face_clip, speak, write_video
    >>> said = speak("Last year I led a team of five volunteers and we raised money for the food bank.")
    >>> video = write_video(face_clip([example_face()], seconds=len(said) / 16000), audio=said)
    >>> answer = mmer.analyze_answer(video, fast=True)
    >>> answer.words[0].text, answer.video.dominant_emotion, len(answer.alignment) == round(answer.duration + 0.5)
    ('Last', 'happy', True)
    """
    from .face.analyze import analyze_video
    from .models import as_models
    from .speech.asr import transcribe
    from .voice.analyze import analyze_audio

    models = as_models(model)
    check_role(role)
    source = as_source(source)
    if looks_like_image(source):
        raise NotAVideoError(f"{describe_source(source)} is a photo, not a recorded answer")
    with_video = has_video_stream(source)
    try:
        samples = load_audio(source, sr=SAMPLE_RATE)
    except NoAudioTrackError:
        if not with_video:
            raise
        return _face_only(source, models, progress, fast)
    duration = len(samples) / SAMPLE_RATE
    if duration < MIN_RECORDING_SECONDS:
        raise recording_too_short(duration)
    done = {"face": 0.0, "voice": 0.0, "speech": 0.0}

    def report(part):
        def update(fraction):
            done[part] = fraction
            if progress is not None:
                progress(min(1.0, sum(done.values()) / len(done)))
        return update

    def speech():
        words = transcribe(samples, SAMPLE_RATE, model=models.need("speech"))
        report("speech")(1.0)
        return words

    def text_model():
        # The text model (and the nltk and SciPy imports it needs, ~2 s on a cold start) loads
        # while the face and the speech are being read, not before.
        importlib.import_module(".text.analyze", __package__)

        models.need("text")

    warnings = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        words_job = pool.submit(speech)
        text_job = pool.submit(text_model)
        voice_job = pool.submit(analyze_audio, samples, model=models,
                                progress=report("voice"), sample_rate=SAMPLE_RATE)
        face_job = None
        if with_video:
            face_job = pool.submit(analyze_video, source, model=models,
                                   progress=report("face"), fast=fast, duration_hint=duration)
        else:
            done["face"] = 1.0
        words = words_job.result()
        try:
            audio = voice_job.result()
        except NoSpeechError:
            audio = None
        video = None
        if face_job is not None:
            try:
                video = face_job.result()
            except NoFaceFoundError as exc:
                warnings.append(f"{exc}; the rest of the answer is analysed without the face")
        text_job.result()
    result = assemble_answer(samples, words, audio, video, models, question=question, role=role, warnings=warnings)
    if progress is not None:
        progress(1.0)
    return result


def assemble_answer(samples, words, audio, video, models, *, question: str = "", role: str | None = None,
                    warnings=()) -> AnswerResult:
    """The :class:`AnswerResult` of an answer whose parts are read: 16 kHz ``samples``, the
    ``words`` recognised, the voice's ``audio`` and the face's ``video`` results (None where
    missing); the traits and content of the words are read here. What :func:`analyze_answer`
    and a live answer (:class:`mmer.live.LiveAnswer`) both end with."""
    from .speech.delivery import audio_quality
    from .text.analyze import analyze_text

    if not words and audio is None:
        raise NoSpeechError("no speech was heard in the answer: check that the microphone is on and not muted")
    text = None
    if words:
        # One word of the transcript per word recognised, so the content measures' word ranges
        # are positions in ``words``.
        text = analyze_text(" ".join("".join(w.text.split()) or "-" for w in words), model=models,
                            question=question, role=role)
    quality = audio_quality(samples, SAMPLE_RATE)
    versions = [("face", video), ("voice", audio), ("text", text)]
    version = ";".join([f"{name}:{r.model_version}" for name, r in versions if r is not None] + [f"speech:{models.speech.version}"])
    warnings = list(warnings)
    for part in (video, audio):
        if part is not None:
            warnings += part.warnings
    return AnswerResult(duration=round(len(samples) / SAMPLE_RATE, 3), words=words, audio=audio, video=video,
                        text=text, audio_quality=quality, model_version=version, warnings=warnings)


def _face_only(source, models, progress, fast) -> AnswerResult:
    """A video without sound: the face alone, and a warning saying why the rest is missing."""
    from .face.analyze import analyze_video

    video = analyze_video(source, model=models, progress=progress, fast=fast)
    warning = ("the recording has no sound (was the microphone on?): only the face was analysed, "
               "without the voice, the words and the delivery measures")
    return AnswerResult(duration=video.duration, words=[], video=video, model_version=f"face:{video.model_version}",
                        warnings=[warning, *video.warnings])
