"""An answer analysed while it is recorded: frames and sound are read as they come, so that live
cues can be shown during the answer and the results are ready moments after it ends.

    live = LiveAnswer(question="Why this job?")
    live.add_frame(0.5, frame)          # sampled camera frames (BGR), e.g. 2 a second
    live.add_audio(chunk)               # 16 kHz mono float samples, in order, any chunk size
    live.cues()                         # what the candidate sees meanwhile (pace, fillers, in view...)
    answer = live.finish()              # the mmer.AnswerResult, as mmer.analyze_answer gives it

While frames and sound arrive, worker threads (their libraries release the GIL, so the kernel
keeps answering the page) find the face in each frame and classify faces in batches, encode the
voice one :data:`~mmer.voice.encoder.CHUNK_SECONDS` piece at a time (the same pieces as for a
whole recording, so the same features), and transcribe each stretch of speech that a pause
closes (Silero VAD, shipped with faster-whisper), offsetting its words to the answer's time.
For the cues, the sound since the last cue piece also gets one quick prompted pass whenever its
turn comes (:data:`CUE_PIECE_SECONDS`, :data:`CUE_SHARE`),
whose "um"s and "uh"s the stretches take as the whole recording's second pass would give them.
At :meth:`finish` only the last stretch of speech, the voice's last piece and the traits and
content of the words remain (:attr:`LiveAnswer.finish_seconds` says where that time went).

>>> import numpy as np
>>> from mmer.examples import example_face, face_frame, speak
>>> live = LiveAnswer()
>>> said = speak("Last year I led a team of volunteers. We finished on time.")
>>> for k in range(0, len(said), 4000):                       # quarter-second chunks
...     live.add_audio(said[k:k + 4000])
...     live.add_frame(k / 16000, face_frame(example_face()))
>>> answer = live.finish()
>>> answer.words[0].text, answer.video.dominant_emotion, live.cues()["seconds"] > 3
('Last', 'happy', True)
"""

from __future__ import annotations

import os
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import numpy as np

from .answer import SAMPLE_RATE, assemble_answer
from .errors import InvalidArgumentError, NoFaceFoundError, NoSpeechError
from .media import MIN_RECORDING_SECONDS, recording_too_short
from .models import as_models
from .questions import check_role
from .results import AnswerResult

#: A silence this long closes a stretch of speech, which is then transcribed.
PAUSE_SECONDS = 0.6
#: Stretches shorter than this wait for the next pause: Whisper hears words better in context.
#: Measured on tests/test_live.py's 37 s answer (word error rate; the whole recording: 13.2%):
#: 8 s stretches 15.4%, 10-12 s 14.3%, 16-20 s 13.2%. Longer stretches leave more to transcribe
#: after Stop (about 0.5 s of two cores per 10 s of speech).
MIN_STRETCH_SECONDS = 16.0
#: Silences shorter than this are not pauses (the speech detector's setting). Fluent speech
#: without a long pause stays one stretch, transcribed at Stop: measured on 12 synthetic
#: answers, closing such speech at its longest short pause after 20 s raised the word error
#: rate from 12.4% (the whole recording, and one stretch) to 14.8%.
SHORT_PAUSE_SECONDS = 0.2
#: How often, in seconds of sound, to look for a closed stretch of speech.
LOOK_EVERY_SECONDS = 1.0
#: The live pace cue counts the words of the last this many seconds.
PACE_SECONDS = 20.0
#: ... and is shown once this much sound has been through the recogniser (about 20 words at an
#: easy pace): a pace read from the few words of the first seconds said more about one sentence
#: than about the answer, and a calm cue should not swing on it.
MIN_PACE_SECONDS = 8.0
#: The live cues' words come sooner than the stretches': all the sound since the last cue piece,
#: once it is this long, gets one quick pass of the recogniser (the prompted one, which keeps
#: fillers) as soon as its turn comes, so that pace and fillers lag the speech by seconds, not by
#: a stretch. These provisional words serve the cues only; the results use the stretches' words.
CUE_PIECE_SECONDS = 1.0
#: One cue piece at most this often: each pass costs about half a second of a core, whatever
#: its length (Whisper reads a whole window), and the pace cue lags by about this much more.
CUE_EVERY_SECONDS = 2.0
#: The cue pieces' passes take at most this share of the time (measured on each pass): on an
#: idle machine a pass takes ~0.5 s, so CUE_EVERY_SECONDS sets the pace; on a loaded one, fewer
#: and longer pieces.
#: Without a limit, five students answering at once on 2 cores spent the cores on cues and
#: waited 52 s for their results (p50), instead of 26 s without live analysis; at 0.25 the pace
#: cue of one student lagged by 6 s (median; bench_dashboard.py), at 0.5 by 3 s.
CUE_SHARE = 0.5
#: While some task waited for a CPU during more than this share of the time since the cues'
#: last turn (Linux's pressure stall information), no cue piece starts: the cores go to the
#: stretches, faces and voice that the results need, and pace and fillers wait for the stretches
#: or the end. Measured on 2 cores with the browsers on the same machine: one student answering
#: (bench_dashboard.py), 30-67% (10 s averages); five at once (load_test.py), 96-98%.
BUSY_CPU_PRESSURE = 0.85
#: The face cue reads the frames of the last this many seconds.
FACE_CUE_SECONDS = 3.0


#: Added to the niceness of the threads that analyse a live answer, and of the thread that loads
#: the models in the dashboard (the speech model's own threads inherit it): the kernel's main
#: thread, which answers the page (Stop, the countdown, the cues), keeps its priority over the
#: analyses, which can wait a moment. It cannot make an overloaded machine fast: with five
#: students and their browsers on 2 cores (load_test.py), the kernels still answered Stop in
#: 0.6-20 s.
BACKGROUND_NICENESS = 5


def yield_to_the_page() -> None:
    """Lower the calling thread's scheduling priority by :data:`BACKGROUND_NICENESS` (threads
    it starts later inherit it). Linux only, where a thread has its own niceness; elsewhere, and
    where the system refuses, nothing changes.

    >>> import threading
    >>> worker = threading.Thread(target=yield_to_the_page); worker.start(); worker.join()
    """
    if not sys.platform.startswith("linux"):
        return
    try:
        thread = threading.get_native_id()
        os.setpriority(os.PRIO_PROCESS, thread, min(19, os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS))
    except OSError:
        pass


def cpu_pressure() -> tuple[float, float] | None:
    """How long some task waited for a CPU (Linux's pressure stall information: the process's
    cgroup where it has its own, else the machine's): ``(share of the last 10 s, seconds since the
    system started)``, or None where the system does not say (another OS, an older kernel). The
    share of an interval is the difference of two readings of the seconds over its length; the
    system's 10 s average lags, long enough for a class that starts together to spend its cores
    on cues.

    >>> pressure = cpu_pressure()
    >>> pressure is None or (0 <= pressure[0] <= 1 and pressure[1] >= 0)
    True
    """
    for path in ("/sys/fs/cgroup/cpu.pressure", "/proc/pressure/cpu"):
        try:
            with open(path) as file:
                first = file.readline()
        except OSError:
            continue
        if first.startswith("some") and "avg10=" in first and "total=" in first:
            fields = dict(part.split("=") for part in first.split()[1:])
            return float(fields["avg10"]) / 100, int(fields["total"]) / 1e6
    return None


def too_busy_for_a_live_answer() -> bool:
    """Whether an answer starting now should be analysed after Stop instead of live: some task
    waited for a CPU more than :data:`BUSY_CPU_PRESSURE` of the last 10 s. Measured with
    load_test.py, five students on 2 cores (their browsers too): live, the kernels answered
    Stop in up to 20 s and results came 68 s after it (p50); after Stop, 25 s.

    >>> too_busy_for_a_live_answer() in (True, False)
    True
    """
    pressure = cpu_pressure()
    return pressure is not None and pressure[0] > BUSY_CPU_PRESSURE


class LiveAnswer:
    """One answer read as it is recorded (see the module's docstring). ``model``: a
    :class:`mmer.Models` bundle (None: the shipped models); ``question`` and ``role``: what was
    said is measured against them, as by :func:`mmer.analyze_answer`; ``detect_side``: the face
    detector's size (the dashboard's fast setting by default)."""

    def __init__(self, *, model=None, question: str = "", role: str | None = None, detect_side: int | None = None):
        from .face.analyze import FAST_DETECT_SIDE, FrameAnalyser

        check_role(role)
        self.models = as_models(model)
        self.question, self.role = question, role
        detector, classifier = self.models.need("face")
        self._speech = self.models.need("speech")
        self._voice = self.models.need("voice")
        background = {"initializer": yield_to_the_page}
        self._pool = ThreadPoolExecutor(2, "mmer-live", **background)  # classify, encode
        self._faces_worker = ThreadPoolExecutor(1, "mmer-live-face", **background)  # in order
        self._speech_worker = ThreadPoolExecutor(1, "mmer-live-speech", **background)  # in order
        self._cue_worker = ThreadPoolExecutor(1, "mmer-live-cues", **background)
        self._cue_busy = False
        self._cue_next = 0.0  # (time.monotonic) no cue piece before this: see CUE_SHARE
        self._machine_busy = False  # the machine was too busy for the last cue piece: see BUSY_CPU_PRESSURE
        self._pressure_at = None  # (cpu_pressure()'s seconds, time.monotonic()) when last read
        pressure = cpu_pressure()
        if pressure is not None:
            self._pressure_at = (pressure[1], time.monotonic())
        self._faces = FrameAnalyser(detector, classifier, self._pool,
                                    detect_side=FAST_DETECT_SIDE if detect_side is None else detect_side)
        self._lock = threading.Lock()
        self._chunks: list[np.ndarray] = []
        self._length = 0  # samples received
        self._encoded = []  # futures: encoder frames of each whole voice piece, in order
        self._transcribed_to = 0  # samples up to here are transcribed (or being transcribed)
        self._words = []  # the words of the stretches transcribed so far, in the answer's time
        self._cue_words = []  # quick, provisional words after the stretches (for the cues only)
        self._cue_to = 0  # samples up to here have provisional words
        self._resampler = None  # for sound that comes at another rate than 16 kHz
        self._rate = SAMPLE_RATE
        self._looked_at = 0
        self._frames = 0
        self._finished = False
        #: Where :meth:`finish`'s time went, in seconds per step (what the benchmarks report).
        self.finish_seconds: dict[str, float] = {}
        self._claim = threading.Lock()  # who transcribes what, between a stretch and finish()
        self._claimed_to = 0  # samples up to here are transcribed, or being transcribed by a stretch

    # -- what arrives ------------------------------------------------------------------------------
    def add_frame(self, seconds: float, frame: np.ndarray) -> None:
        """A camera frame (BGR, as OpenCV reads it) taken ``seconds`` into the answer."""
        self._check_open()
        index, self._frames = self._frames, self._frames + 1
        self._faces_worker.submit(self._faces.add, index, float(seconds), frame)

    def add_jpeg(self, seconds: float, data: bytes) -> None:
        """A camera frame as JPEG (what the page sends): decoded, then :meth:`add_frame`."""
        import cv2

        frame = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR)
        if frame is None:
            raise InvalidArgumentError("a live frame is not a readable JPEG image")
        self.add_frame(seconds, frame)

    def add_audio(self, samples, rate: int = SAMPLE_RATE) -> None:
        """The next ``samples`` of the answer's sound: mono float at ``rate`` Hz (16 kHz, what the
        analyses read, or any rate a browser records at: resampled as it streams, with soxr)."""
        from .voice.encoder import CHUNK_SECONDS

        self._check_open()
        samples = np.asarray(samples, dtype=np.float32).reshape(-1)
        if rate != SAMPLE_RATE or self._resampler is not None:
            samples = self._resample(samples, int(rate))
        with self._lock:
            self._chunks.append(samples)
            self._length += len(samples)
            piece = CHUNK_SECONDS * SAMPLE_RATE
            while (len(self._encoded) + 1) * piece <= self._length:
                start = len(self._encoded) * piece
                self._encoded.append(self._pool.submit(self._encode, start, start + piece))
            look = self._length - self._looked_at >= LOOK_EVERY_SECONDS * SAMPLE_RATE
            if look:
                self._looked_at = self._length
        if look:  # the sound as it is now: where stretches close depends on the sound, not on thread timing
            self._look(self._looked_at)
        self._next_cue_piece()

    def _resample(self, samples: np.ndarray, rate: int) -> np.ndarray:
        import soxr

        if rate <= 0:
            raise InvalidArgumentError(f"a sample rate must be positive, not {rate}")
        if self._resampler is None:
            self._resampler, self._rate = soxr.ResampleStream(rate, SAMPLE_RATE, 1, dtype="float32"), rate
        elif rate != self._rate:
            raise InvalidArgumentError(f"the sound changed its sample rate midway ({self._rate} Hz, then {rate} Hz)")
        return self._resampler.resample_chunk(samples)

    # -- work on the worker threads ----------------------------------------------------------------
    def _samples(self, start: int = 0, end: int | None = None) -> np.ndarray:
        with self._lock:
            if len(self._chunks) > 1:
                self._chunks = [np.concatenate(self._chunks)]
            whole = self._chunks[0] if self._chunks else np.zeros(0, np.float32)
        return whole[start:end]

    def _encode(self, start: int, end: int) -> np.ndarray:
        from .voice.encoder import encoder_frames

        return encoder_frames(self._samples(start, end), model=self._speech)

    def _stretch_words(self, start: int, end: int) -> list:
        """The words of ``start:end`` (samples), as :func:`mmer.speech.asr.transcribe` finds them:
        the plain pass over the stretch, with the fillers of the prompted pass, which the cue
        pieces already made up to ``_cue_to`` (only the rest is read here, side by side)."""
        from .speech.asr import VERBATIM_PROMPT, add_fillers, recognise

        if end <= start:
            return []
        rest = max(start, min(self._cue_to, end))
        with ThreadPoolExecutor(2, initializer=yield_to_the_page) as pair:
            plain = pair.submit(recognise, self._speech, self._samples(start, end), None)
            later = (pair.submit(recognise, self._speech, self._samples(rest, end), VERBATIM_PROMPT, True)
                     if end - rest >= 0.3 * SAMPLE_RATE else None)
            prompted = [w for w in list(self._cue_words) if start / SAMPLE_RATE <= w.start < end / SAMPLE_RATE]
            prompted += self._offset(later.result(), rest) if later is not None else []
            return add_fillers(self._offset(plain.result(), start), prompted)

    @staticmethod
    def _offset(words, start: int) -> list:
        from .results import Word

        offset = start / SAMPLE_RATE
        return [Word(w.text, round(w.start + offset, 3), round(w.end + offset, 3), w.probability) for w in words]

    def _transcribe_closed_stretch(self, upto: int) -> None:
        """Transcribe the speech since the last stretch, in the first ``upto`` samples, up to the
        last pause that closes a long enough stretch, cutting in the middle of that pause."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        if self._finished:  # finish() transcribes all that is left in one piece
            return
        start = self._transcribed_to
        tail = self._samples(start, upto)
        # Little padding around speech, so that a pause is measured as the silence it is.
        spans = get_speech_timestamps(tail, VadOptions(min_silence_duration_ms=int(SHORT_PAUSE_SECONDS * 1000),
                                                       speech_pad_ms=30))
        pauses = [(span["end"], following["start"] if following else len(tail))
                  for span, following in zip(spans, [*spans[1:], None])]
        long_enough = MIN_STRETCH_SECONDS * SAMPLE_RATE
        cut = None
        for ends, resumes in pauses:
            if resumes - ends >= PAUSE_SECONDS * SAMPLE_RATE and ends >= long_enough:
                cut = (ends + resumes) // 2 if resumes < len(tail) else ends + int(PAUSE_SECONDS * SAMPLE_RATE) // 2
        if cut is None:
            return
        with self._claim:  # finish() transcribes from where this stretch ends, at the same time
            if self._finished:
                return
            self._claimed_to = start + cut
        words = self._stretch_words(start, start + cut)
        self._words += words
        self._transcribed_to = start + cut
        # The stretch's words replace the cue words they overlap.
        self._cue_words = [w for w in self._cue_words if w.start >= self._transcribed_to / SAMPLE_RATE]
        self._cue_to = max(self._cue_to, self._transcribed_to)

    def _look(self, upto: int) -> None:
        """Every :data:`LOOK_EVERY_SECONDS` of sound: a closed stretch (in order, on the speech
        worker)."""
        self._speech_worker.submit(self._transcribe_closed_stretch, upto)

    def _next_cue_piece(self) -> None:
        """The cues' next piece, as soon as its turn comes (:data:`CUE_SHARE`), on its own worker
        (a stretch never holds the cues up; one piece at a time). Not only at a look: waiting for
        the next whole second of sound added half a second to the pace cue's lag."""
        upto = self._length
        if (self._cue_busy or time.monotonic() < self._cue_next
                or upto - max(self._cue_to, self._transcribed_to) < CUE_PIECE_SECONDS * SAMPLE_RATE
                or self._cpu_busy()):
            return
        self._cue_busy = True
        self._cue_worker.submit(self._transcribe_cue_piece, upto)

    def _cpu_busy(self) -> bool:
        """Whether some task waited for a CPU during more than :data:`BUSY_CPU_PRESSURE` of the
        time since the last cue piece's turn (and so the cues give way)."""
        pressure, now = cpu_pressure(), time.monotonic()
        if pressure is None:
            return self._machine_busy
        total = pressure[1]
        if self._pressure_at is not None and now - self._pressure_at[1] >= 0.1:
            self._machine_busy = (total - self._pressure_at[0]) / (now - self._pressure_at[1]) > BUSY_CPU_PRESSURE
        if self._pressure_at is None or now - self._pressure_at[1] >= 0.5:  # over half a second at least
            self._pressure_at = (total, now)
        return self._machine_busy

    def _transcribe_cue_piece(self, upto: int) -> None:
        """Quick words for the cues (:data:`CUE_PIECE_SECONDS`): the prompted pass (which keeps
        fillers) over the sound since the last piece. The stretches take their fillers from these
        words."""
        from faster_whisper.vad import VadOptions, get_speech_timestamps

        from .speech.asr import VERBATIM_PROMPT, recognise

        try:
            if self._finished:
                return
            start = max(self._cue_to, self._transcribed_to)
            if upto - start < CUE_PIECE_SECONDS * SAMPLE_RATE:
                return
            piece = self._samples(start, upto)
            spans = get_speech_timestamps(piece, VadOptions(min_silence_duration_ms=200, speech_pad_ms=30))
            if not spans:
                self._cue_to = max(self._cue_to, upto)  # nothing said
                return
            # All the sound so far, though it may end mid-word (then its last word is read again
            # by the next piece): cutting at the last pause instead left up to a sentence unread,
            # and the pace cue lagging by as much.
            cut = len(piece)
            mid_speech = len(piece) - spans[-1]["end"] < int(0.2 * SAMPLE_RATE)
            began = time.monotonic()
            words = recognise(self._speech, piece, VERBATIM_PROMPT, True, word_times=False)
            # A busy machine (a class on one server, a small Binder) makes a pass slower: the
            # next waits longer, so the cues never take more than their share of the time.
            self._cue_next = began + max(CUE_EVERY_SECONDS, (time.monotonic() - began) / CUE_SHARE)
            if mid_speech and len(words) > 1 and words[-1].end >= cut / SAMPLE_RATE - 0.25:
                # The last word may be cut in two: the next piece starts at it and reads it whole
                # (counted twice, halves of words would make the pace too fast).
                cut = int(words.pop().start * SAMPLE_RATE)
            self._cue_words = self._cue_words + self._offset(words, start)
            self._cue_to = max(self._cue_to, start + cut)
        finally:
            self._cue_busy = False

    # -- what the candidate sees meanwhile -----------------------------------------------------------
    def cues(self) -> dict:
        """The live cues, from what is read so far: ``seconds`` recorded, ``words`` so far and
        ``words_per_minute`` over the last :data:`PACE_SECONDS` of the sound transcribed so far,
        which reaches ``heard_seconds`` (None before :data:`MIN_PACE_SECONDS` of it, or without
        words), ``fillers`` so far,
        ``face_in_view`` and ``facing_camera`` (shares of the frames of the last
        :data:`FACE_CUE_SECONDS`; None without frames), ``level_dbfs`` (the sound's level over
        the last half second) and ``machine_busy`` (the cores are too busy for quick words, see
        :data:`BUSY_CPU_PRESSURE`: pace and fillers come later)."""
        from .speech.delivery import filler_words

        seconds = self._length / SAMPLE_RATE
        final = list(self._words)
        words = final + [w for w in list(self._cue_words) if w.start >= (final[-1].end if final else 0.0)]
        # The pace of the last PACE_SECONDS of sound that has been through the recogniser (the
        # last second or two has not yet): the figure lags, but does not dip while it waits.
        heard = max(self._transcribed_to, self._cue_to) / SAMPLE_RATE
        recent = [w for w in words if w.end >= heard - PACE_SECONDS]
        span = min(PACE_SECONDS, heard)
        frames = [f for f in list(self._faces.frames) if f.time >= seconds - FACE_CUE_SECONDS]
        with_face = [f for f in frames if f.box is not None]
        last = self._samples(max(0, self._length - SAMPLE_RATE // 2))
        rms = float(np.sqrt(np.mean(np.square(last)))) if len(last) else 0.0
        return {
            "seconds": round(seconds, 1),
            "words": len(words),
            "words_per_minute": round(60 * len(recent) / span) if words and span >= MIN_PACE_SECONDS else None,
            "heard_seconds": round(heard, 1),
            "fillers": len(filler_words(words)),
            "face_in_view": round(len(with_face) / len(frames), 2) if frames else None,
            "facing_camera": round(sum(bool(f.facing) for f in with_face) / len(with_face), 2) if with_face else None,
            "level_dbfs": round(20 * np.log10(max(rms, 1e-6)), 1),
            "machine_busy": self._machine_busy,
        }

    # -- the end -------------------------------------------------------------------------------------
    def finish(self) -> AnswerResult:
        """Everything left: the last stretch of speech, the faces not yet classified, the voice's
        windows, the traits and content of the words. Returns the :class:`mmer.AnswerResult`;
        raises :class:`~mmer.errors.RecordingTooShortError` or :class:`~mmer.errors.NoSpeechError`
        as :func:`mmer.analyze_answer` does. The live answer takes nothing after this."""
        from .voice.analyze import audio_result
        from .voice.encoder import describe

        self._check_open()
        with self._claim:
            self._finished = True
            tail_from = max(self._transcribed_to, self._claimed_to)
        try:
            if self._resampler is not None:  # the resampler's last few samples
                with self._lock:
                    self._chunks.append(self._resampler.resample_chunk(np.zeros(0, np.float32), last=True))
            samples = self._samples()
            duration = len(samples) / SAMPLE_RATE
            if duration < MIN_RECORDING_SECONDS:
                raise recording_too_short(duration)
            clock = _Stopwatch(self.finish_seconds)
            self.finish_seconds["transcribed after Stop"] = round((len(samples) - tail_from) / SAMPLE_RATE, 2)
            # The last stretch of speech, alongside a stretch that may be being transcribed still.
            tail = self._pool.submit(self._stretch_words, tail_from, len(samples))
            self._faces_worker.shutdown(wait=True)
            encoded = [f.result() for f in self._encoded]
            voice = describe(samples, model=self._speech, encoded=np.concatenate(encoded) if encoded else None)
            warnings = []
            try:
                audio = audio_result(samples, voice, self._voice)
            except NoSpeechError:
                audio = None
            video = None
            if self._frames:
                try:
                    video = self._faces.result()
                    video.duration = round(duration, 3)
                    video.max_fps = round(self._frames / duration, 2)  # the rate the frames came at
                except NoFaceFoundError as exc:
                    warnings.append(f"{exc}; the rest of the answer is analysed without the face")
            clock.lap("voice and face")
            self._speech_worker.shutdown(wait=True)
            self._words += tail.result()
            clock.lap("last stretch")
            words = sorted(self._words, key=lambda w: (w.start, w.end))
            answer = assemble_answer(samples, words, audio, video, self.models, question=self.question, role=self.role,
                                     warnings=warnings)
            clock.lap("words, traits, delivery")
            return answer
        finally:
            self.close()

    def close(self) -> None:
        """Stop the worker threads (an answer abandoned midway)."""
        self._finished = True
        for pool in (self._speech_worker, self._cue_worker, self._faces_worker, self._pool):
            pool.shutdown(wait=False, cancel_futures=True)

    def _check_open(self):
        if self._finished:
            raise InvalidArgumentError("this live answer is finished: start a new LiveAnswer")


class _Stopwatch:
    def __init__(self, laps: dict):
        import time

        self.laps, self._time = laps, time.perf_counter
        self._last = self._time()

    def lap(self, name: str):
        now = self._time()
        self.laps[name] = round(now - self._last, 3)
        self._last = now


__all__ = ["LiveAnswer", "too_busy_for_a_live_answer", "PAUSE_SECONDS", "MIN_STRETCH_SECONDS", "PACE_SECONDS", "MIN_PACE_SECONDS", "CUE_PIECE_SECONDS"]
