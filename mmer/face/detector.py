"""Face detection with YuNet (``cv2.FaceDetectorYN``).

Why YuNet rather than a Haar cascade: OpenCV 5 no longer ships Haar cascades, YuNet finds
turned, tilted and badly lit faces that Haar misses, and on a 320x240 frame it costs 5-8 ms,
the same as a Haar cascade. Model: OpenCV model zoo, MIT licence (see models/README.md).
"""

from __future__ import annotations

import threading

import numpy as np

from ..models import FACE_DETECTOR_FILE, model_path


class FaceDetector:
    """Find faces in BGR frames; :meth:`largest` returns the candidate's box or None.

    Boxes are ``(x, y, width, height)`` in pixels of the frame given.
    """

    def __init__(self, score_threshold: float = 0.6, model_file=None):
        import cv2

        self.score_threshold = score_threshold
        self._detector = cv2.FaceDetectorYN.create(
            str(model_file or model_path(FACE_DETECTOR_FILE)), "", (320, 240), score_threshold, 0.3, 50
        )
        self._size = (320, 240)
        # One cv2 detector object must not be used by two threads at once (dashboard kernels
        # may analyse in a background thread while another request comes in).
        self._lock = threading.Lock()

    def detect(self, frame: np.ndarray) -> np.ndarray:
        """All faces as an ``(n, 15)`` array: box (4), 5 landmarks (10), score (1)."""
        height, width = frame.shape[:2]
        with self._lock:
            if (width, height) != self._size:
                self._detector.setInputSize((width, height))
                self._size = (width, height)
            _, faces = self._detector.detect(frame)
        return np.empty((0, 15), np.float32) if faces is None else faces

    def largest(self, frame: np.ndarray, max_side: int | None = None):
        """The box of the largest face, clipped to the frame, or None when there is none.

        With ``max_side``, detection runs on a copy scaled down to that longer side (the
        detector's cost grows with the pixel count) and the box is scaled back to ``frame``.
        """
        scale = 1.0
        small = frame
        if max_side and max(frame.shape[:2]) > max_side:
            import cv2

            scale = max(frame.shape[:2]) / max_side
            small = cv2.resize(frame, (round(frame.shape[1] / scale), round(frame.shape[0] / scale)),
                               interpolation=cv2.INTER_AREA)
        faces = self.detect(small)
        if len(faces) == 0:
            return None
        x, y, w, h = faces[np.argmax(faces[:, 2] * faces[:, 3]), :4] * scale
        height, width = frame.shape[:2]
        x0, y0 = max(0.0, float(x)), max(0.0, float(y))
        x1, y1 = min(float(width), float(x + w)), min(float(height), float(y + h))
        if x1 - x0 < 8 or y1 - y0 < 8:
            return None
        return (round(x0), round(y0), round(x1 - x0), round(y1 - y0))
