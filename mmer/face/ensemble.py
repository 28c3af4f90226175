"""Average several trained face networks into one ONNX file.

Why: on FER2013 the literature's best results are averages of separately trained networks (each
network's mistakes are partly its own), and one ONNX file keeps inference to one ONNX Runtime call.
It pays only when the members are about as good as each other and trained from different seeds:
MMER's run A (24 epochs) averaged with run B (46 epochs, same initial weights) scored below run B
alone on PublicTest, so run B alone is shipped (see ``models/face_emotion.md``).

Why each network sees a different view: the networks were trained on randomly mirrored faces,
so a face and its mirror image are equally good inputs to each, and their mistakes on the two
views differ. A single network averaged over the face and its mirror is MMER's test-time
augmentation (two passes per face); with ``mirror_alternate`` the first network sees
the face and the second its mirror, which keeps the cost at two passes (the every-frame video
speed target) and mixes both kinds of diversity. The file records this in its metadata
(``mmer.views``) so that :class:`~mmer.face.classifier.EmotionClassifier` does not mirror again.

Why float16 weights: two float32 networks are ~10 MB; stored as float16 (cast back to float32
when ONNX Runtime loads the file, so arithmetic stays float32) the file is half that, and the
probabilities move by about 1e-4.

Uses the ``onnx`` package (installed with tf2onnx), never TensorFlow.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import EnsembleError
from .classifier import VIEWS_KEY



def _io_shape(value_info) -> tuple:
    dims = value_info.type.tensor_type.shape.dim
    return tuple(d.dim_value if d.HasField("dim_value") else None for d in dims)


def average_onnx_models(
    members, out_path, mirror_alternate: bool = False, float16_weights: bool = True, min_cast_size: int = 64
) -> Path:
    """Write one ONNX model whose output is the mean of the ``members``' outputs.

    members : paths of ONNX models with one input and one output each, of the same shapes
        (for MMER: ``(n, 44, 44, 1)`` grey faces -> ``(n, 7)`` probabilities).
    mirror_alternate : the 2nd, 4th... members see the input mirrored left-right (axis 2 of an
        NHWC batch) inside the graph; the views are recorded in the metadata under ``mmer.views``.
    float16_weights : store float32 weights of at least ``min_cast_size`` values as float16,
        each followed by a Cast to float32 (folded away by ONNX Runtime when it loads the file).
    Returns ``out_path``.
    """
    import onnx
    from onnx import TensorProto, compose, helper, numpy_helper

    members = [Path(m) for m in members]
    if len(members) < 2:
        raise EnsembleError("an ensemble needs at least two models")
    models = []
    for i, path in enumerate(members):
        try:
            model = onnx.load(str(path))
        except Exception as exc:  # onnx raises DecodeError/OSError subclasses depending on version
            raise EnsembleError(f"{path} is not a readable ONNX model: {exc}") from exc
        if len(model.graph.input) != 1 or len(model.graph.output) != 1:
            raise EnsembleError(f"{path} must have exactly one input and one output")
        models.append(compose.add_prefix(model, prefix=f"m{i}/"))

    first = models[0].graph
    for path, model in zip(members[1:], models[1:]):
        for a, b, what in ((first.input[0], model.graph.input[0], "input"), (first.output[0], model.graph.output[0], "output")):
            if _io_shape(a) != _io_shape(b) or a.type.tensor_type.elem_type != b.type.tensor_type.elem_type:
                raise EnsembleError(
                    f"{path} has {what} shape {_io_shape(b)}, {members[0]} has {_io_shape(a)}: cannot average them"
                )

    input_info = onnx.ValueInfoProto()
    input_info.CopyFrom(first.input[0])
    input_name = input_info.name = "face"
    output_info = onnx.ValueInfoProto()
    output_info.CopyFrom(first.output[0])
    output_info.name = "emotion"

    if mirror_alternate and len(_io_shape(first.input[0])) != 4:
        raise EnsembleError("mirror_alternate needs image inputs (n, height, width, channels)")
    views = ["mirror" if mirror_alternate and i % 2 else "face" for i in range(len(models))]
    nodes, initializers, value_info = [], [], []
    if "mirror" in views:
        # Reverse the width axis: start at the last column, step -1 past the first.
        for name, value in (("starts", -1), ("ends", np.iinfo(np.int64).min), ("axes", 2), ("steps", -1)):
            initializers.append(numpy_helper.from_array(np.array([value], np.int64), f"mirror/{name}"))
        nodes.append(helper.make_node(
            "Slice", [input_name] + [f"mirror/{n}" for n in ("starts", "ends", "axes", "steps")], ["mirror/face"]
        ))
    for model, view in zip(models, views):
        graph = model.graph
        source = "mirror/face" if view == "mirror" else input_name
        nodes.append(helper.make_node("Identity", [source], [graph.input[0].name]))
        nodes.extend(graph.node)
        initializers.extend(graph.initializer)
        value_info.extend(graph.value_info)
    nodes.append(helper.make_node("Mean", [m.graph.output[0].name for m in models], ["emotion"]))

    if float16_weights:
        casts, stored = [], []
        for init in initializers:
            if init.data_type == TensorProto.FLOAT and int(np.prod(init.dims)) >= min_cast_size:
                half = numpy_helper.from_array(numpy_helper.to_array(init).astype(np.float16), init.name + "/fp16")
                stored.append(half)
                casts.append(helper.make_node("Cast", [half.name], [init.name], to=TensorProto.FLOAT))
            else:
                stored.append(init)
        nodes, initializers = casts + nodes, stored

    opsets = {}
    for model in models:
        for imp in model.opset_import:
            opsets[imp.domain] = max(opsets.get(imp.domain, 0), imp.version)
    graph = helper.make_graph(nodes, "mmer_face_ensemble", [input_info], [output_info], initializers, value_info=value_info)
    merged = helper.make_model(
        graph,
        opset_imports=[helper.make_opsetid(domain, version) for domain, version in opsets.items()],
        producer_name="mmer",
        ir_version=max(m.ir_version for m in models),
    )
    merged.doc_string = "mean of: " + ", ".join(f"{p.parent.name}/{p.name} ({v})" for p, v in zip(members, views))
    helper.set_model_props(merged, {VIEWS_KEY: ",".join(views)})
    onnx.checker.check_model(merged)
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    onnx.save(merged, str(out_path))
    return out_path
