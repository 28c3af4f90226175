"""``analyze_video`` and ``analyze_image``: faces and facial emotions over time in a video answer, or in a photo."""

from __future__ import annotations

import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from typing import NamedTuple

import numpy as np

from ..errors import InvalidArgumentError, InvalidMediaError, NoFaceFoundError, NotAVideoError
from ..media import (
    MIN_RECORDING_SECONDS,
    as_source,
    describe_source,
    iter_video_frames,
    looks_like_image,
    read_image,
    recording_too_short,
    video_info,
)
from ..models import resolve
from ..results import FrameEmotion, VideoResult
from .classifier import EmotionClassifier, crop_face
from .detector import FaceDetector, facing_camera


_BATCH = 16  # faces per classifier call: as fast as 64 here, and a third less memory at its peak

#: ``fast=True`` analyses at most this many frames per second of video: a 45 s answer's results
#: come within seconds of Stop, and expressions rarely change faster than that.
FAST_MAX_FPS = 2.0
#: ... and runs the face detector at this size: a candidate facing a webcam fills much of the
#: frame, so 192 px finds the same faces as 256 px for less.
FAST_DETECT_SIDE = 192
#: The detector's default size: 256 px finds as many webcam faces as 320 at two thirds of the cost.
DETECT_SIDE = 256


class FaceModels(NamedTuple):
    """The two models a video analysis uses: the face detector and the emotion classifier."""

    detector: FaceDetector
    classifier: EmotionClassifier


def _frames_in_background(source, every, max_side, max_fps=None, maxsize=32):
    """Decode in a second thread: PyAV and OpenCV release the GIL, so decoding one frame
    overlaps detecting faces in the previous one on the second core."""
    frames: queue.Queue = queue.Queue(maxsize)
    done = object()
    stop = threading.Event()

    def produce():
        try:
            # Sampling by time leaves decoding as the main cost: skip the deblocking filter then
            # (twice as fast; same detections and classes on browser recordings, see iter_video_frames).
            for item in iter_video_frames(source, every=every, max_side=max_side, max_fps=max_fps,
                                          fast_decode=max_fps is not None):
                if stop.is_set():
                    return
                frames.put(item)
            frames.put(done)
        except BaseException as exc:  # handed to the consumer, raised there
            frames.put(exc)

    thread = threading.Thread(target=produce, daemon=True)
    thread.start()
    try:
        while True:
            item = frames.get()
            if item is done:
                return
            if isinstance(item, BaseException):
                raise item
            yield item
    finally:
        stop.set()
        while thread.is_alive():  # unblock a producer waiting on a full queue
            try:
                frames.get_nowait()
            except queue.Empty:
                thread.join(0.01)


def analyze_video(
    source, *, model=None, progress=None, fast: bool = False, every: int = 1,
    max_fps: float | None = None, max_side: int = 320, detect_side: int | None = None,
    duration_hint: float | None = None,
) -> VideoResult:
    """Facial emotions, frame by frame, in a video answer (WebM, MP4, AVI, MOV...).

    Parameters
    ----------
    source : path, bytes or binary file object of a video.
    model : optional :class:`mmer.Models` bundle (:func:`mmer.load_models`); default: the shipped models.
    progress : optional callable ``progress(fraction_done)`` (0..1), e.g. for a progress bar.
    fast : analyse at most :data:`FAST_MAX_FPS` frames per second with the detector at
        :data:`FAST_DETECT_SIDE` px (what the dashboard does to answer within seconds); default:
        every frame.
    every : analyse one frame in ``every`` (1 = every frame).
    max_fps : analyse at most this many frames per second of video, by timestamp (None = all).
    max_side : frames are scaled down to this longer side before cropping faces.
    detect_side : the face detector sees frames scaled to this longer side (default
        :data:`DETECT_SIDE`); raise it (or give 0 for full size) for small, distant faces.
    duration_hint : the clip's length in seconds when the caller knows it and the file does not
        say (browser recordings): only used for progress.

    Returns a :class:`~mmer.results.VideoResult`. Raises
    :class:`~mmer.errors.InvalidMediaError` (and its subclasses) for unreadable input,
    :class:`~mmer.errors.NotAVideoError` for a photo (see :func:`analyze_image`),
    :class:`~mmer.errors.RecordingTooShortError` under :data:`MIN_RECORDING_SECONDS`, and
    :class:`~mmer.errors.NoFaceFoundError` when no frame shows a face.

    >>> import mmer
    >>> from mmer.examples import example_face, face_clip, write_video
    >>> video = write_video(face_clip([example_face()], seconds=2.0))  # WebM bytes, as a browser records
    >>> result = mmer.analyze_video(video, fast=True)
    >>> result.summary["dominant_emotion"], result.frames_with_face
    ('happy', 4)
    """
    if every < 1:
        raise InvalidArgumentError(f"every must be a positive number of frames, not {every!r}")
    if max_fps is not None and max_fps <= 0:
        raise InvalidArgumentError(f"max_fps must be positive, not {max_fps!r}")
    if fast:
        max_fps = max_fps or FAST_MAX_FPS
        detect_side = detect_side if detect_side is not None else FAST_DETECT_SIDE
    detect_side = DETECT_SIDE if detect_side is None else (detect_side or None)
    source = as_source(source)
    if looks_like_image(source):
        raise NotAVideoError(f"{describe_source(source)} is a photo, not a video: record or upload a video answer")
    info = video_info(source)
    if info.duration is not None and info.duration < MIN_RECORDING_SECONDS:
        raise recording_too_short(info.duration)
    detector, classifier = resolve(model, "face")
    total = info.frame_count or (info.duration * info.fps if info.duration and info.fps else None)
    frames = _frames_in_background(source, every, max_side, max_fps)
    # Progress by time when the container gives a length (or the caller knows it), else by frame.
    result = _analyze_frames(frames, detector, classifier, info.width, progress, info.duration or duration_hint, total,
                             detect_side)
    if info.duration:
        result.duration = round(float(info.duration), 3)
    else:  # browser recordings often announce no length: the last frame's time, plus one step
        step = 1.0 / max_fps if max_fps else every / (info.fps or 30.0)
        last = result.frames[-1].time
        result.duration = round(float(last + (step if len(result.frames) > 1 else 0.0)), 3)
        if result.duration < MIN_RECORDING_SECONDS:
            raise recording_too_short(result.duration)
    result.every, result.max_fps = every, max_fps
    return result


def analyze_image(source, *, model=None, progress=None, max_side: int = 640) -> VideoResult:
    """Facial emotion in a photo (JPEG, PNG, BMP, WebP, TIFF): a one-frame :class:`VideoResult`.

    Parameters are those of :func:`analyze_video`; ``max_side`` is larger by default since a
    photo is one frame and small faces in a group photo still count. Raises
    :class:`~mmer.errors.InvalidMediaError` for anything but a readable image and
    :class:`~mmer.errors.NoFaceFoundError` when it shows no face.

    >>> import cv2, mmer
    >>> from mmer.examples import example_face
    >>> photo = cv2.imencode(".png", example_face())[1].tobytes()
    >>> mmer.analyze_image(photo).summary["dominant_emotion"]
    'happy'
    """
    source = as_source(source)
    if not looks_like_image(source):
        raise InvalidMediaError(f"{describe_source(source)} is not a photo (JPEG, PNG, BMP, WebP or TIFF): "
                                "use analyze_video for a video")
    frame = read_image(source)
    original_width = frame.shape[1]
    if max_side and max(frame.shape[:2]) > max_side:
        import cv2

        scale = max_side / max(frame.shape[:2])
        frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    detector, classifier = resolve(model, "face")
    result = _analyze_frames(iter([(0, 0.0, frame)]), detector, classifier, original_width, progress, None, 1,
                             detect_side=DETECT_SIDE)
    result.duration = 0.0
    return result


class FrameAnalyser:
    """Faces frame by frame, as frames come (a file being decoded, or a camera streaming): each
    :meth:`add` finds the largest face at once (so :attr:`frames` tells who is in view and facing
    the camera so far) and queues its crop; crops are classified in batches on ``pool``'s
    threads. :meth:`result` classifies what is left and returns the :class:`VideoResult`."""

    def __init__(self, detector, classifier, pool, original_width: int | None = None,
                 detect_side: int | None = DETECT_SIDE):
        self.detector, self.classifier, self.pool = detector, classifier, pool
        self.original_width, self.detect_side = original_width, detect_side
        self.frames: list[FrameEmotion] = []
        self._crops, self._with_face, self._batches = [], [], []

    def add(self, index: int, time: float, frame: np.ndarray) -> FrameEmotion:
        face = self.detector.largest_face(frame, max_side=self.detect_side)
        box = None if face is None else face[0]
        # Boxes are reported in the pixels of the original video or image, not of the scaled copy.
        to_original = (self.original_width or frame.shape[1]) / frame.shape[1]
        original_box = [round(v * to_original) for v in box] if box else None
        facing = None if face is None else facing_camera(face[1])
        row = FrameEmotion(index=index, time=round(time, 4), box=original_box, facing=facing)
        self.frames.append(row)
        if box is not None:
            self._crops.append(crop_face(frame, box))
            self._with_face.append(len(self.frames) - 1)
            if len(self._crops) == _BATCH:
                self._classify()
        return row

    def _classify(self):
        self._batches.append(self.pool.submit(self.classifier.predict_proba, np.stack(self._crops)))
        self._crops = []

    def result(self) -> VideoResult:
        """The frames with their emotions (``duration`` left 0: the caller knows it). Raises
        :class:`~mmer.errors.NoFaceFoundError` when no frame had a face."""
        if self._crops:
            self._classify()
        if not self._with_face:
            raise NoFaceFoundError(
                f"no face found in any of the {len(self.frames)} frame(s) analysed: face the camera, "
                "in good light, with your whole face in the picture"
            )
        probabilities = np.concatenate([b.result() for b in self._batches])
        for row, probs in zip(self._with_face, probabilities):
            self.frames[row].probabilities = [round(float(p), 5) for p in probs]
        warnings = []
        share_no_face = 1 - len(self._with_face) / len(self.frames)
        if share_no_face > 0.5:
            warnings.append(
                f"no face in {share_no_face:.0%} of the frames: the figures rest on the other "
                f"{len(self._with_face)} frame(s) only"
            )
        return VideoResult(frames=self.frames, duration=0.0, model_version=getattr(self.classifier, "version", ""),
                           warnings=warnings)


def _analyze_frames(frames, detector, classifier, original_width, progress, length, total,
                    detect_side: int | None = DETECT_SIDE) -> VideoResult:
    """Detect and classify the largest face of each ``(index, time, frame)``."""
    # Faces are classified in batches on worker threads while the next frames are decoded and
    # searched for faces: ONNX Runtime, OpenCV and PyAV all release the GIL, so the two cores
    # share decoding, detection and classification instead of doing them one after another.
    # Two workers, because classification is the largest cost: one thread alone would become the
    # bottleneck whenever detection gets ahead (results keep the order batches were submitted in).
    with ThreadPoolExecutor(max_workers=2) as pool:
        analyser = FrameAnalyser(detector, classifier, pool, original_width, detect_side)
        for index, time, frame in frames:
            analyser.add(index, time, frame)
            if progress is not None:
                if length:
                    progress(min(1.0, time / length))
                elif total:
                    progress(min(1.0, (index + 1) / total))
        result = analyser.result()
    if progress is not None:
        progress(1.0)
    return result
