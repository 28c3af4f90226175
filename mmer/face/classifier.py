"""The 7-class facial-emotion classifier, run with ONNX Runtime.

The networks are trained with Keras (:mod:`mmer.face.train`) and exported to ONNX, so inference
needs neither TensorFlow (3-4 s to import) nor ``model.predict`` (50-120 ms per call). The shipped
file averages two networks and stores their convolutions as 8-bit integers
(:mod:`mmer.face.ensemble`, :mod:`mmer.face.quantize`): about 7 ms per face for four passes
on one core (float32 would take ~10 ms).
"""

from __future__ import annotations

import numpy as np

from ..errors import InvalidArgumentError
from ..labels import EMOTIONS
from ..models import FACE_EMOTION_FILE, model_path

#: An ONNX metadata key: the view each averaged member sees, comma-separated, "face" or "mirror"
#: (written by :func:`mmer.face.ensemble.average_onnx_models`).
VIEWS_KEY = "mmer.views"

INPUT_SIZE = 48  # FER2013 images
CROP = 44  # the network sees the centre 44x44, as in training
# FER2013 crops show the whole face with a little margin; YuNet's box is tighter (brows to
# chin), so it is widened before cropping so webcam faces look like the training images.
BOX_MARGIN = 0.15


def crop_face(frame: np.ndarray, box) -> np.ndarray:
    """Grey 48x48 crop around ``box`` (x, y, w, h) of a BGR or grey frame, square, padded."""
    import cv2

    grey = frame if frame.ndim == 2 else cv2.cvtColor(frame, cv2.COLOR_BGR2GRAY)
    x, y, w, h = box
    side = max(w, h) * (1 + 2 * BOX_MARGIN)
    cx, cy = x + w / 2, y + h / 2
    x0, y0 = int(round(cx - side / 2)), int(round(cy - side / 2))
    x1, y1 = int(round(cx + side / 2)), int(round(cy + side / 2))
    pad = max(0, -x0, -y0, x1 - grey.shape[1], y1 - grey.shape[0])
    if pad:
        grey = cv2.copyMakeBorder(grey, pad, pad, pad, pad, cv2.BORDER_REPLICATE)
        x0, y0, x1, y1 = x0 + pad, y0 + pad, x1 + pad, y1 + pad
    return cv2.resize(grey[y0:y1, x0:x1], (INPUT_SIZE, INPUT_SIZE), interpolation=cv2.INTER_AREA)


def centre_crops(faces: np.ndarray) -> np.ndarray:
    """What a network sees: the centre ``CROP`` x ``CROP`` of each 48x48 grey face, as a float32
    ``(n, CROP, CROP, 1)`` batch (the networks were trained on random crops of that size)."""
    m = (INPUT_SIZE - CROP) // 2
    return np.asarray(faces)[:, m : m + CROP, m : m + CROP, None].astype(np.float32)


def with_mirrors(crops: np.ndarray) -> np.ndarray:
    """``crops`` followed by their mirror images (flipped left-right): the two views the
    classifier averages, and so what int8 calibration must see."""
    return np.concatenate([crops, crops[:, :, ::-1]])


class EmotionClassifier:
    """``predict_proba(faces)``: ``(n, 48, 48)`` uint8 grey faces -> ``(n, 7)`` probabilities.

    The model classifies each face together with its mirror image and averages the two
    (test-time augmentation: +1 point of accuracy); the shipped model is itself an average of two
    networks, so each face gets four passes. A model that already averages views inside
    (an average built by :mod:`mmer.face.ensemble` with ``mirror_alternate``: ``mmer.views`` in
    its metadata, one network on the face, the other on its mirror) is run once per face.
    """

    classes_ = EMOTIONS

    def __init__(self, model_file=None, threads: int | None = None):
        import onnxruntime as ort

        self.model_file = model_file or model_path(FACE_EMOTION_FILE)
        options = ort.SessionOptions()
        options.enable_cpu_mem_arena = False  # see FaceDetector: the arena only grows
        if threads:
            options.intra_op_num_threads = threads
        self._session = ort.InferenceSession(
            str(self.model_file), options, providers=["CPUExecutionProvider"]
        )
        self._input = self._session.get_inputs()[0].name
        views = self._session.get_modelmeta().custom_metadata_map.get(VIEWS_KEY, "")
        self.mirror_inside = "mirror" in views.split(",")

    def predict_proba(self, faces: np.ndarray, batch_size: int = 128) -> np.ndarray:
        faces = np.asarray(faces)
        if faces.ndim == 2:
            faces = faces[None]
        if faces.shape[1:] != (INPUT_SIZE, INPUT_SIZE):
            raise InvalidArgumentError(f"faces must be (n, {INPUT_SIZE}, {INPUT_SIZE}) grey images")
        if len(faces) == 0:
            return np.empty((0, len(EMOTIONS)), np.float32)
        x = centre_crops(faces)
        out = []
        for start in range(0, len(x), batch_size):
            batch = x[start : start + batch_size]
            if self.mirror_inside:
                out.append(self._session.run(None, {self._input: batch})[0])
                continue
            probs = self._session.run(None, {self._input: with_mirrors(batch)})[0]
            out.append((probs[: len(batch)] + probs[len(batch) :]) / 2)
        return np.concatenate(out)

    def predict(self, faces: np.ndarray) -> np.ndarray:
        """Index of the most likely emotion per face (see :attr:`classes_`)."""
        return self.predict_proba(faces).argmax(axis=1)
