"""``analyze_video``: faces and facial emotions over time in a video, bytes or a still image."""

from __future__ import annotations

import hashlib
import queue
import threading
from concurrent.futures import ThreadPoolExecutor
from functools import lru_cache

import numpy as np

from ..errors import NoFaceFoundError
from ..media import as_source, iter_video_frames, looks_like_image, read_image, video_info
from ..results import FrameEmotion, VideoResult
from .classifier import EmotionClassifier, crop_face
from .detector import FaceDetector


_BATCH = 64  # faces per classifier call: large enough to be efficient, small enough to overlap


@lru_cache(maxsize=1)
def load_face_models() -> tuple[FaceDetector, EmotionClassifier]:
    """The shipped detector and classifier, loaded once per process (~50 ms).

    Both run single-threaded: the pipeline already keeps the cores busy with its own threads
    (decoding, detection, classification), and OpenCV's or ONNX Runtime's thread pools on top
    of that only add contention (measured: 10-20% slower on 2 cores).
    """
    import cv2

    cv2.setNumThreads(1)
    return FaceDetector(), EmotionClassifier(threads=1)


def model_version(classifier: EmotionClassifier) -> str:
    return _file_version(str(classifier.model_file))


@lru_cache(maxsize=8)
def _file_version(path: str) -> str:
    """Hash of the model file, read once per process rather than on every analysis."""
    with open(path, "rb") as f:
        return "face_emotion-" + hashlib.sha256(f.read()).hexdigest()[:12]


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
    source, every: int = 1, max_side: int = 320, detect_side: int | None = 256, progress=None, models=None,
    max_fps: float | None = None, duration_hint: float | None = None,
) -> VideoResult:
    """Facial emotions in a video file/bytes (WebM, MP4, AVI...) or a still image.

    Parameters
    ----------
    source : path, bytes or binary file object
    every : analyse one frame in ``every`` (1 = every frame).
    max_fps : analyse at most this many frames per second of video, by timestamp (None = all);
        the dashboard uses it to answer within seconds whatever the camera's frame rate.
    max_side : frames are scaled down to this longer side before cropping faces.
    detect_side : the face detector sees frames scaled to this longer side: 256 finds as many
        webcam faces as 320 at two thirds of the cost; lower it for more speed, raise it (or
        None) for small, distant faces.
    progress : optional callable ``progress(fraction_done)`` (0..1), e.g. for a progress bar.
    duration_hint : the clip's length in seconds when the caller knows it and the file does not
        say (browser recordings): only used for progress.
    models : optional ``(detector, classifier)``; defaults to the shipped models.

    Returns a :class:`~mmer.results.VideoResult`. Raises
    :class:`~mmer.errors.InvalidMediaError` for unreadable input,
    :class:`~mmer.errors.EmptyMediaError` for an empty or zero-length clip, and
    :class:`~mmer.errors.NoFaceFoundError` when no frame shows a face.
    """
    source = as_source(source)
    detector, classifier = models or load_face_models()
    if looks_like_image(source):
        frame = read_image(source)
        original_width = frame.shape[1]
        # A photo is one frame: keep twice the video resolution, small faces in group photos count.
        if max_side and max(frame.shape[:2]) > max_side * 2:
            import cv2

            scale = 2 * max_side / max(frame.shape[:2])
            frame = cv2.resize(frame, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
        frames, duration, total, length = iter([(0, 0.0, frame)]), 0.0, 1, None
    else:
        info = video_info(source)
        original_width = info.width
        total = info.frame_count or (info.duration * info.fps if info.duration and info.fps else None)
        frames, duration = _frames_in_background(source, every, max_side, max_fps), info.duration
        # Progress by time when the container gives a length (or the caller knows it), else by frame.
        length = info.duration or duration_hint

    # Faces are classified in batches on worker threads while the next frames are decoded and
    # searched for faces: ONNX Runtime, OpenCV and PyAV all release the GIL, so the two cores
    # share decoding, detection and classification instead of doing them one after another.
    # Two workers, because classification is the largest cost: one thread alone would become the
    # bottleneck whenever detection gets ahead (results keep the order batches were submitted in).
    timeline, crops, with_face, batches = [], [], [], []
    last_time = 0.0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for index, time, frame in frames:
            box = detector.largest(frame, max_side=detect_side)
            # Boxes are reported in the pixels of the original video or image, not of the scaled copy.
            to_original = (original_width or frame.shape[1]) / frame.shape[1]
            original_box = [round(v * to_original) for v in box] if box else None
            timeline.append(FrameEmotion(index=index, time=round(time, 4), box=original_box))
            if box is not None:
                crops.append(crop_face(frame, box))
                with_face.append(len(timeline) - 1)
                if len(crops) == _BATCH:
                    batches.append(pool.submit(classifier.predict_proba, np.stack(crops)))
                    crops = []
            last_time = time
            if progress is not None:
                if length:
                    progress(min(1.0, time / length))
                elif total:
                    progress(min(1.0, (index + 1) / total))
        if crops:
            batches.append(pool.submit(classifier.predict_proba, np.stack(crops)))

        if not with_face:
            raise NoFaceFoundError(
                f"no face found in any of the {len(timeline)} frame(s) analysed: face the camera, "
                "in good light, with your whole face in the picture"
            )
        probabilities = np.concatenate([b.result() for b in batches])
    for row, probs in zip(with_face, probabilities):
        timeline[row].probabilities = [round(float(p), 5) for p in probs]

    warnings = []
    share_no_face = 1 - len(with_face) / len(timeline)
    if share_no_face > 0.5:
        warnings.append(
            f"no face in {share_no_face:.0%} of the frames: the figures rest on the other "
            f"{len(with_face)} frame(s) only"
        )
    if duration is None or duration <= 0:
        step = 1.0 / max_fps if max_fps else every / 30.0
        duration = last_time + (step if len(timeline) > 1 else 0.0)
    if progress is not None:
        progress(1.0)
    return VideoResult(
        frames=timeline,
        duration=round(float(duration), 3),
        every=every,
        max_fps=max_fps,
        model_version=model_version(classifier),
        warnings=warnings,
    )


def analyze_image(source, models=None) -> VideoResult:
    """Facial emotion of a still image: a one-frame :class:`VideoResult`."""
    return analyze_video(source, models=models)
