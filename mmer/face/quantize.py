"""8-bit integer convolutions for a face model: the same answers in ~2/3 of the time.

Why: on this project's 2-core CPUs (AVX2, no VNNI) the float32 network already runs near the
core's peak (~2 ms per face and view), so the only way to afford more views per face within
the every-frame video speed target is cheaper arithmetic. ONNX Runtime's static quantization
(QDQ format, per-channel int8 weights, uint8 activations whose ranges are measured on
calibration faces) turns each ``Conv`` into an integer ``QLinearConv``.

Why not every convolution: the first one of each network reads raw grey levels; quantizing it
too made the classes of 5% of faces change (measured on Training images), keeping it in
float32 changes under 1%, and it holds under 1% of the arithmetic. Everything that is not a
convolution (pooling, dense layers, softmax, the average of an ensemble) stays float32.

Uses ``onnxruntime.quantization`` (part of ONNX Runtime, no extra package).
"""

from __future__ import annotations

import tempfile
from pathlib import Path

import numpy as np

from ..errors import ModelFileError
from .classifier import INPUT_SIZE, EmotionClassifier, centre_crops, with_mirrors

CALIBRATION_BATCH = 32  # ONNX Runtime's calibration wants batches of one size


def calibration_faces(data, split: str = "train", per_class: int = 40, seed: int = 3) -> np.ndarray:
    """``per_class`` random faces per class of a FER2013 *training* split, to calibrate on.

    A few hundred faces measure the activation ranges as well as thousands (ranges are min/max);
    the seed fixes which, so that the shipped int8 model can be rebuilt exactly.
    """
    from .data import load_fer

    faces, _ = load_fer(data, split, max_per_class=per_class, seed=seed)
    return faces


def quantize_face_model(model, out_path, calibration_faces: np.ndarray) -> Path:
    """Write an int8 copy of the ONNX face ``model`` (a network or an average of several).

    calibration_faces : ``(n, 48, 48)`` uint8 grey faces, e.g. a few hundred FER2013 *Training*
        images: activation ranges are measured on them (and their mirror images, which the
        classifier also shows the network). Never use the images you report accuracy on.
    Returns ``out_path``. The ``mmer.views`` metadata of an average is kept.
    """
    import onnx
    from onnxruntime.quantization import (
        CalibrationDataReader,
        CalibrationMethod,
        QuantFormat,
        QuantType,
        quantize_static,
    )
    from onnxruntime.quantization.shape_inference import quant_pre_process

    model, out_path = Path(model), Path(out_path)
    try:
        source = onnx.load(str(model))
    except Exception as exc:  # onnx raises DecodeError/OSError subclasses depending on version
        raise ModelFileError(f"{model} is not a readable ONNX model: {exc}") from exc
    faces = np.asarray(calibration_faces)
    if faces.ndim != 3 or faces.shape[1:] != (INPUT_SIZE, INPUT_SIZE) or len(faces) < CALIBRATION_BATCH // 2:
        raise ModelFileError(f"calibration_faces must be at least {CALIBRATION_BATCH // 2} grey "
                         f"{INPUT_SIZE}x{INPUT_SIZE} faces")

    weights = {init.name: init for init in source.graph.initializer}
    # Weights stored as float16 + Cast (see mmer.face.ensemble): follow the Cast to the weight.
    cast_input = {node.output[0]: node.input[0] for node in source.graph.node if node.op_type == "Cast"}

    def in_channels(node) -> int:  # a Conv weight is (out_channels, in_channels, height, width)
        name = cast_input.get(node.input[1], node.input[1])
        return weights[name].dims[1] if name in weights else 0

    convolutions = [n.name for n in source.graph.node if n.op_type == "Conv" and in_channels(n) > 1]
    if not convolutions:
        raise ModelFileError(f"{model} has no float32 convolution to quantize (is it already int8?)")

    input_name = source.graph.input[0].name
    batches = with_mirrors(centre_crops(faces))
    batches = [batches[i : i + CALIBRATION_BATCH] for i in range(0, len(batches) - CALIBRATION_BATCH + 1, CALIBRATION_BATCH)]

    class Faces(CalibrationDataReader):
        def __init__(self):
            self._batches = iter(batches)

        def get_next(self):
            batch = next(self._batches, None)
            return None if batch is None else {input_name: batch}

    out_path.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        prepared = Path(tmp) / "prepared.onnx"
        # Shape inference + graph clean-up that quantization expects; the symbolic pass is
        # skipped because the batch dimension is free (it fails on such models).
        quant_pre_process(str(model), str(prepared), skip_symbolic_shape=True)
        quantize_static(
            str(prepared), str(out_path), Faces(),
            quant_format=QuantFormat.QDQ, per_channel=True,
            activation_type=QuantType.QUInt8, weight_type=QuantType.QInt8,
            nodes_to_quantize=convolutions, calibrate_method=CalibrationMethod.MinMax,
        )
    quantized = onnx.load(str(out_path))
    present = {p.key for p in quantized.metadata_props}
    for prop in source.metadata_props:
        if prop.key not in present:
            quantized.metadata_props.add(key=prop.key, value=prop.value)
    quantized.doc_string = f"int8 convolutions (except each network's first) of {model.name}: {source.doc_string}"
    onnx.save(quantized, str(out_path))
    return out_path


def agreement(model_a, model_b, faces: np.ndarray) -> float:
    """Share of ``faces`` given the same class by two face models (e.g. float32 and int8)."""
    a = EmotionClassifier(model_a).predict(faces)
    b = EmotionClassifier(model_b).predict(faces)
    return float((a == b).mean())
