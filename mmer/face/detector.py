"""Face detection with YuNet, run by ONNX Runtime.

Why YuNet rather than a Haar cascade: OpenCV 5 no longer ships Haar cascades, YuNet finds
turned, tilted and badly lit faces that Haar misses, and it is as cheap. Model: OpenCV model
zoo, MIT licence (see models/README.md).

Why ONNX Runtime rather than ``cv2.FaceDetectorYN``: the same network costs 1.5 ms per
256x192 frame in ONNX Runtime and 3.7 ms in OpenCV's DNN module (one thread each, measured
here), and detection is the largest cost of analysing every frame of a video. The network
outputs, per stride (8, 16, 32) and grid cell, a class and an objectness score, a box and five
landmarks; :meth:`FaceDetector.detect` decodes them exactly as ``cv2.FaceDetectorYN`` does
(OpenCV ``modules/objdetect/src/face_detect.cpp``), including OpenCV's own non-maximum
suppression, and a test checks that both give the same faces.
"""

from __future__ import annotations

import numpy as np

from ..models import FACE_DETECTOR_FILE, model_path

STRIDES = (8, 16, 32)
_DIVISOR = 32  # the network's input sides must be multiples of its largest stride


def _padded(side: int) -> int:
    return ((side - 1) // _DIVISOR + 1) * _DIVISOR


class FaceDetector:
    """Find faces in BGR frames; :meth:`largest` returns the candidate's box or None.

    Boxes are ``(x, y, width, height)`` in pixels of the frame given. The parameters are
    those of ``cv2.FaceDetectorYN``: faces scoring under ``score_threshold`` are dropped, and of
    boxes overlapping by more than ``nms_threshold`` (IoU) only the best is kept, at most ``top_k``.
    Safe to call from several threads (ONNX Runtime sessions are).
    """

    def __init__(self, score_threshold: float = 0.6, nms_threshold: float = 0.3, top_k: int = 50,
                 model_file=None, threads: int = 1):
        import onnxruntime as ort

        self.score_threshold, self.nms_threshold, self.top_k = score_threshold, nms_threshold, top_k
        self.model_file = model_file or model_path(FACE_DETECTOR_FILE)
        options = ort.SessionOptions()
        options.intra_op_num_threads = threads
        # No memory arena: frames of every size would each grow it, and it never shrinks (a kernel
        # analysing a 45 s video kept ~600 MB); plain allocations cost no measurable speed here.
        options.enable_cpu_mem_arena = False
        self._session = ort.InferenceSession(str(self.model_file), options, providers=["CPUExecutionProvider"])
        self._input = self._session.get_inputs()[0].name
        self._outputs = [f"{kind}_{stride}" for kind in ("cls", "obj", "bbox", "kps") for stride in STRIDES]

    def detect(self, frame: np.ndarray) -> np.ndarray:
        """All faces as an ``(n, 15)`` array, best first: box (4), 5 landmarks (10), score (1)."""
        import cv2

        if frame.ndim == 2:
            frame = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR)
        height, width = frame.shape[:2]
        padded_h, padded_w = _padded(height), _padded(width)
        # BGR, 0-255, no scaling: what cv2.FaceDetectorYN feeds the network (zero padding right/bottom).
        blob = np.zeros((1, 3, padded_h, padded_w), np.float32)
        blob[0, :, :height, :width] = frame.transpose(2, 0, 1)
        outputs = dict(zip(self._outputs, self._session.run(self._outputs, {self._input: blob})))

        faces = []
        for stride in STRIDES:
            cls = np.clip(outputs[f"cls_{stride}"][0, :, 0], 0, 1)
            obj = np.clip(outputs[f"obj_{stride}"][0, :, 0], 0, 1)
            score = np.sqrt(cls * obj)
            cells = np.flatnonzero(score >= self.score_threshold)
            if not len(cells):
                continue
            row, col = (v.astype(np.float32)[:, None] for v in np.divmod(cells, padded_w // stride))
            bbox = outputs[f"bbox_{stride}"][0, cells]
            kps = outputs[f"kps_{stride}"][0, cells]
            w, h = np.exp(bbox[:, 2:3]) * stride, np.exp(bbox[:, 3:4]) * stride
            x0, y0 = (col + bbox[:, 0:1]) * stride - w / 2, (row + bbox[:, 1:2]) * stride - h / 2
            landmarks = np.empty((len(cells), 10), np.float32)
            landmarks[:, 0::2] = (kps[:, 0::2] + col) * stride
            landmarks[:, 1::2] = (kps[:, 1::2] + row) * stride
            faces.append(np.hstack([x0, y0, w, h, landmarks, score[cells, None]]).astype(np.float32))
        if not faces:
            return np.empty((0, 15), np.float32)
        faces = np.concatenate(faces)
        # OpenCV's NMS on integer boxes, as cv2.FaceDetectorYN does, so both keep the same faces.
        keep = cv2.dnn.NMSBoxes(faces[:, :4].astype(np.int32).tolist(), faces[:, 14].tolist(),
                                self.score_threshold, self.nms_threshold, 1.0, self.top_k)
        return faces[np.asarray(keep, int).reshape(-1)]

    def largest(self, frame: np.ndarray, max_side: int | None = None):
        """The box of the largest face, clipped to the frame, or None when there is none.

        With ``max_side``, detection runs on a copy scaled down to that longer side (the
        detector's cost grows with the pixel count) and the box is scaled back to ``frame``.
        """
        face = self.largest_face(frame, max_side)
        return None if face is None else face[0]

    def largest_face(self, frame: np.ndarray, max_side: int | None = None):
        """``(box, landmarks)`` of the largest face, or None: the box as :meth:`largest` gives
        it, and the 5 landmarks (right eye, left eye, nose tip, right and left mouth corners) as
        a ``(5, 2)`` array of pixel coordinates in ``frame``."""
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
        best = faces[np.argmax(faces[:, 2] * faces[:, 3])]
        x, y, w, h = best[:4] * scale
        height, width = frame.shape[:2]
        x0, y0 = max(0.0, float(x)), max(0.0, float(y))
        x1, y1 = min(float(width), float(x + w)), min(float(height), float(y + h))
        if x1 - x0 < 8 or y1 - y0 < 8:
            return None
        return (round(x0), round(y0), round(x1 - x0), round(y1 - y0)), best[4:14].reshape(5, 2) * scale


#: A face counts as facing the camera when its nose tip lies within this fraction of the eye
#: distance from the point between the eyes (sideways). A frontal face puts it near 0; turning
#: the head moves the nose towards one eye, and past about 0.25 the face is clearly turned away.
FACING_MAX_OFFSET = 0.25


def facing_camera(landmarks) -> bool:
    """Whether 5-point landmarks (right eye, left eye, nose, mouth corners) show a face turned
    towards the camera (see :data:`FACING_MAX_OFFSET`).

    >>> facing_camera([[40, 50], [80, 50], [60, 70], [45, 90], [75, 90]])
    True
    >>> facing_camera([[40, 50], [80, 50], [76, 70], [60, 90], [82, 90]])
    False
    """
    points = np.asarray(landmarks, dtype=float).reshape(5, 2)
    right_eye, left_eye, nose = points[0], points[1], points[2]
    eye_distance = float(np.linalg.norm(left_eye - right_eye))
    if eye_distance < 1e-6:
        return False
    offset = abs(nose[0] - (right_eye[0] + left_eye[0]) / 2) / eye_distance
    return bool(offset <= FACING_MAX_OFFSET)
