"""The facial-emotion pipeline on media the tests generate, and on a real photo."""

import io

import numpy as np
import pytest

import mmer
from mmer.errors import (
    CorruptMediaError,
    EmptyMediaError,
    InvalidMediaError,
    NoFaceFoundError,
    NotAVideoError,
    RecordingTooShortError,
)
from mmer.examples import face_clip, write_video
from harness import tiny_face_cnn


def test_smiling_astronaut_is_happy(astronaut_png):
    result = mmer.analyze_image(astronaut_png)
    assert result.frames_analysed == 1 and result.frames_with_face == 1 and result.duration == 0.0
    assert result.dominant_emotion == "happy"
    probs = result.frames[0].probabilities
    assert len(probs) == 7 and abs(sum(probs) - 1) < 1e-3
    x, y, w, h = result.frames[0].box
    # The face of the astronaut is in the upper middle of the 512x512 photo.
    assert 150 < x + w / 2 < 300 and 50 < y + h / 2 < 200


def test_webm_clip_timeline_and_summary(face_webm):
    result = mmer.analyze_video(face_webm)
    assert result.frames_analysed == 20
    assert result.frames_without_face == 0
    times = [f.time for f in result.frames]
    assert times == sorted(times) and times[0] == 0.0 and times[-1] == pytest.approx(1.9, abs=0.01)
    assert result.duration == pytest.approx(2.0, abs=0.15)
    assert result.dominant_emotion == "happy"
    assert sum(result.shares.values()) == pytest.approx(1.0)
    assert result.model_version.startswith("face_emotion-")


@pytest.mark.parametrize("codec,suffix", [("mpeg4", ".mp4"), ("mjpeg", ".avi"), ("libvpx", ".mkv")])
def test_other_containers(tmp_path, astronaut, codec, suffix):
    path = write_video(face_clip([astronaut], 1, fps=8), tmp_path / f"clip{suffix}", fps=8, codec=codec)
    result = mmer.analyze_video(path)
    assert result.frames_analysed == 8 and result.frames_with_face == 8


def test_bytes_and_file_objects_give_the_same_result(face_webm):
    from_path = mmer.analyze_video(face_webm, every=5)
    from_bytes = mmer.analyze_video(face_webm.read_bytes(), every=5)
    from_file = mmer.analyze_video(io.BytesIO(face_webm.read_bytes()), every=5)
    assert from_path.to_dict() == from_bytes.to_dict() == from_file.to_dict()


def test_a_photo_is_not_a_video_and_a_video_not_a_photo(astronaut_png, face_webm):
    with pytest.raises(NotAVideoError, match="is a photo, not a video"):
        mmer.analyze_video(astronaut_png)
    with pytest.raises(NotAVideoError):
        mmer.analyze_video(astronaut_png.read_bytes())
    with pytest.raises(InvalidMediaError, match="not a photo"):
        mmer.analyze_image(face_webm)


def test_too_short_video(astronaut):
    # 3 frames at 10 fps: 0.3 s, what a click on Start then Stop records.
    with pytest.raises(RecordingTooShortError, match="lasts only 0.3 s"):
        mmer.analyze_video(write_video(face_clip([astronaut], 0.3, fps=10), fps=10))


def test_fast_analyses_two_frames_per_second(face_webm):
    result = mmer.analyze_video(face_webm, fast=True)
    assert [f.time for f in result.frames] == [0.0, 0.5, 1.0, 1.5]
    assert result.max_fps == 2.0 and result.dominant_emotion == "happy"


def test_bad_options():
    with pytest.raises(mmer.InvalidArgumentError, match="every"):
        mmer.analyze_video(b"anything", every=0)
    with pytest.raises(mmer.UnsupportedInputError):
        mmer.analyze_video(42)


def test_every_n_frames_and_progress(face_webm):
    seen = []
    result = mmer.analyze_video(face_webm, every=3, progress=seen.append)
    assert [f.index for f in result.frames] == list(range(0, 20, 3))
    assert seen[-1] == 1.0 and seen == sorted(seen)


def test_frames_without_face_are_counted_not_guessed(tmp_path, astronaut):
    from mmer.examples import face_frame

    grey = np.full((480, 640, 3), 90, np.uint8)
    frames = [face_frame(astronaut)] * 3 + [grey] * 7
    result = mmer.analyze_video(write_video(frames, fps=10))
    assert result.frames_with_face == 3 and result.frames_without_face == 7
    assert all(f.probabilities is None and f.box is None for f in result.frames[3:])
    assert result.warnings and "no face" in result.warnings[0]


def test_video_without_faces():
    frames = [np.full((240, 320, 3), 100, np.uint8)] * 5
    with pytest.raises(NoFaceFoundError, match="no face found"):
        mmer.analyze_video(write_video(frames, fps=5))


def test_not_a_video(tmp_path):
    path = tmp_path / "notes.webm"
    path.write_text("these are my notes, not a video")
    with pytest.raises(InvalidMediaError, match="not a video"):
        mmer.analyze_video(path)


def test_empty_file_and_empty_bytes(tmp_path):
    path = tmp_path / "empty.mp4"
    path.write_bytes(b"")
    with pytest.raises(EmptyMediaError, match="empty"):
        mmer.analyze_video(path)
    with pytest.raises(EmptyMediaError):
        mmer.analyze_video(b"")


def test_truncated_file(face_webm):
    data = face_webm.read_bytes()
    with pytest.raises(CorruptMediaError, match="truncated"):
        mmer.analyze_video(data[: len(data) // 3])


def test_zero_length_clip():
    import av

    buffer = io.BytesIO()
    container = av.open(buffer, "w", format="matroska")
    stream = container.add_stream("mjpeg", rate=30)
    stream.width, stream.height, stream.pix_fmt = 64, 48, "yuvj420p"
    if hasattr(container, "start_encoding"):
        container.start_encoding()  # write the header, then no frame at all
    container.close()
    with pytest.raises(EmptyMediaError):
        mmer.analyze_video(buffer.getvalue())


def test_audio_file_has_no_video_track():
    import av

    buffer = io.BytesIO()
    with av.open(buffer, "w", format="wav") as container:
        stream = container.add_stream("pcm_s16le", rate=16000)
        frame = av.AudioFrame.from_ndarray(np.zeros((1, 16000), np.int16), format="s16", layout="mono")
        frame.sample_rate = 16000
        for packet in [*stream.encode(frame), *stream.encode()]:
            container.mux(packet)
    with pytest.raises(InvalidMediaError, match="no video track"):
        mmer.analyze_video(buffer.getvalue())


def test_missing_file_and_folder(tmp_path):
    with pytest.raises(mmer.InputNotFoundError, match="nope.webm does not exist"):
        mmer.analyze_video(tmp_path / "nope.webm")
    with pytest.raises(InvalidMediaError, match="folder"):
        mmer.analyze_video(tmp_path)


def test_detector_finds_the_faces_cv2_facedetectoryn_finds(astronaut):
    """The detector decodes YuNet's outputs itself (ONNX Runtime is 2x faster than OpenCV's DNN):
    same faces, boxes, landmarks and scores as OpenCV's own implementation, at several sizes
    (padded to multiples of 32 or not), with several faces, and with none."""
    import cv2

    from mmer.face.detector import FaceDetector
    from mmer.models import FACE_DETECTOR_FILE, model_path
    from mmer.examples import face_frame

    small = cv2.resize(astronaut, (150, 150))
    two_faces = np.full((240, 400, 3), 120, np.uint8)
    two_faces[40:190, 10:160] = small
    two_faces[60:160, 250:350] = cv2.resize(astronaut, (100, 100))
    frames = [
        astronaut, cv2.resize(astronaut, (301, 203)), cv2.resize(astronaut, (97, 131)),
        cv2.resize(face_frame(astronaut, offset=(120, 40)), (256, 192)), two_faces,
        np.full((192, 256, 3), 90, np.uint8), cv2.cvtColor(cv2.resize(astronaut, (256, 256)), cv2.COLOR_BGR2GRAY),
    ]
    ours = FaceDetector()
    reference = cv2.FaceDetectorYN.create(str(model_path(FACE_DETECTOR_FILE)), "", (320, 240), 0.6, 0.3, 50)
    counts = []
    for frame in frames:
        bgr = cv2.cvtColor(frame, cv2.COLOR_GRAY2BGR) if frame.ndim == 2 else frame
        reference.setInputSize((bgr.shape[1], bgr.shape[0]))
        expected = reference.detect(bgr)[1]
        expected = np.empty((0, 15), np.float32) if expected is None else expected
        found = ours.detect(frame)
        assert found.shape == expected.shape
        np.testing.assert_allclose(found, expected, atol=0.01)
        counts.append(len(found))
    assert counts[0] >= 1 and counts[4] == 2 and counts[5] == 0
    x, y, w, h = ours.largest(two_faces)
    assert x + w < 200 and w > 20  # the larger face (of the left, 150 px photo) is the candidate


def test_classifier_batches(tmp_path):
    import mmer

    _, classifier = mmer.load_models(["face"]).face
    faces = np.random.default_rng(0).integers(0, 255, (300, 48, 48), dtype=np.uint8)
    probs = classifier.predict_proba(faces, batch_size=64)
    assert probs.shape == (300, 7)
    np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-3)
    np.testing.assert_allclose(classifier.predict_proba(faces[:70], batch_size=32), probs[:70], atol=1e-5)


def test_single_network_is_averaged_with_the_mirror_image(tmp_path):
    from mmer.face.classifier import EmotionClassifier

    classifier = EmotionClassifier(_tiny_face_model(tmp_path / "a.onnx", 1))
    assert not classifier.mirror_inside
    faces = np.random.default_rng(0).integers(0, 255, (5, 48, 48), dtype=np.uint8)
    # Mirroring a face does not change the answer: both views are averaged.
    np.testing.assert_allclose(classifier.predict_proba(faces[:, :, ::-1]), classifier.predict_proba(faces), atol=1e-6)


def test_shipped_model_is_far_above_chance(fer_dir):
    """Not the accuracy target (that is `mmer evaluate face`), a guard against a broken model."""
    from mmer.face.evaluate import evaluate_face

    report = evaluate_face(fer_dir / "val", max_per_class=40)
    assert report["n"] == 40 * 7
    # The shipped model's answer on these 280 images (the first 40 per class): 184 right. A new
    # model file changes it: update the figure with the model card.
    assert round(report["accuracy"] * 280) == 184
    assert report["balanced_accuracy"] == pytest.approx(184 / 280)  # 40 images per class: the same


def _tiny_face_model(path, seed, classes=7, side=44):
    """A stand-in for a trained network: flatten -> linear -> softmax, random weights."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    rng = np.random.default_rng(seed)
    weights = numpy_helper.from_array((rng.normal(0, 1e-3, (side * side, classes))).astype(np.float32), "w")
    graph = helper.make_graph(
        [helper.make_node("Flatten", ["x"], ["flat"]), helper.make_node("MatMul", ["flat", "w"], ["logits"]),
         helper.make_node("Softmax", ["logits"], ["probs"], axis=1)],
        "tiny",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [None, side, side, 1])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [None, classes])],
        [weights],
    )
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)]), str(path))
    return path


def _run_onnx(path, x):
    import onnxruntime as ort

    session = ort.InferenceSession(str(path), providers=["CPUExecutionProvider"])
    return session.run(None, {session.get_inputs()[0].name: x})[0]


def test_ensemble_is_the_mean_of_its_members(tmp_path):
    from mmer.face.classifier import EmotionClassifier
    from mmer.face.ensemble import average_onnx_models

    a, b = _tiny_face_model(tmp_path / "a.onnx", 1), _tiny_face_model(tmp_path / "b.onnx", 2)
    x = np.random.default_rng(0).uniform(0, 255, (5, 44, 44, 1)).astype(np.float32)
    expected = (_run_onnx(a, x) + _run_onnx(b, x)) / 2
    assert not np.allclose(_run_onnx(a, x), _run_onnx(b, x), atol=1e-3)  # the members do differ

    exact = average_onnx_models([a, b], tmp_path / "exact.onnx", float16_weights=False)
    np.testing.assert_allclose(_run_onnx(exact, x), expected, atol=1e-6)
    # float16 storage halves the file and moves probabilities by far less than a rounding in the UI.
    half = average_onnx_models([a, b], tmp_path / "half.onnx")
    np.testing.assert_allclose(_run_onnx(half, x), expected, atol=2e-3)
    assert half.stat().st_size < 0.6 * exact.stat().st_size
    # The app's classifier runs it like a single network.
    faces = np.random.default_rng(1).integers(0, 255, (3, 48, 48), dtype=np.uint8)
    probs = EmotionClassifier(half).predict_proba(faces)
    assert probs.shape == (3, 7)
    np.testing.assert_allclose(probs.sum(axis=1), 1, atol=1e-3)


def test_ensemble_with_one_network_on_the_mirror_image(tmp_path):
    from mmer.face.classifier import CROP, EmotionClassifier
    from mmer.face.ensemble import average_onnx_models

    a, b = _tiny_face_model(tmp_path / "a.onnx", 1), _tiny_face_model(tmp_path / "b.onnx", 2)
    x = np.random.default_rng(0).uniform(0, 255, (5, 44, 44, 1)).astype(np.float32)
    path = average_onnx_models([a, b], tmp_path / "views.onnx", mirror_alternate=True, float16_weights=False)
    expected = (_run_onnx(a, x) + _run_onnx(b, x[:, :, ::-1].copy())) / 2
    np.testing.assert_allclose(_run_onnx(path, x), expected, atol=1e-6)
    # The classifier reads the views from the file and does not mirror a second time.
    classifier = EmotionClassifier(path)
    assert classifier.mirror_inside
    faces = np.random.default_rng(1).integers(0, 255, (4, 48, 48), dtype=np.uint8)
    m = (48 - CROP) // 2
    centre = faces[:, m : m + CROP, m : m + CROP, None].astype(np.float32)
    np.testing.assert_allclose(classifier.predict_proba(faces), _run_onnx(path, centre), atol=1e-6)
    both = average_onnx_models([a, b], tmp_path / "both.onnx", float16_weights=False)
    assert not EmotionClassifier(both).mirror_inside


def test_ensemble_refuses_models_that_do_not_match(tmp_path):
    from mmer.errors import EnsembleError
    from mmer.face.ensemble import average_onnx_models

    a = _tiny_face_model(tmp_path / "a.onnx", 1)
    with pytest.raises(EnsembleError, match="at least two"):
        average_onnx_models([a], tmp_path / "out.onnx")
    with pytest.raises(EnsembleError, match="output shape"):
        average_onnx_models([a, _tiny_face_model(tmp_path / "b.onnx", 2, classes=5)], tmp_path / "out.onnx")
    with pytest.raises(EnsembleError, match="input shape"):
        average_onnx_models([a, _tiny_face_model(tmp_path / "c.onnx", 2, side=40)], tmp_path / "out.onnx")
    (tmp_path / "junk.onnx").write_bytes(b"not a model")
    with pytest.raises(EnsembleError, match="not a readable ONNX model"):
        average_onnx_models([a, tmp_path / "junk.onnx"], tmp_path / "out.onnx")
    assert not (tmp_path / "out.onnx").exists()


@pytest.mark.slow
def test_training_steps_resume_and_never_retrain_a_finished_run(fer_dir, tmp_path):
    """A run trained through a changed schedule (planned over 3 epochs, re-planned after 1 to end
    at 2) resumes where it stopped, and calling it again once done trains nothing more."""
    from mmer.face.train import parse_steps, train_face_steps

    assert parse_steps("60:20, 46") == [(60, 20), (46, None)]
    with pytest.raises(ValueError, match="PLANNED:UNTIL"):
        parse_steps("60:twenty")
    options = dict(out_dir=tmp_path / "run", max_per_class=12, verbose=0)
    first = train_face_steps(fer_dir, [(3, 1)], **options)  # stopped after the first step
    assert len(first["loss"]) == 1 and not (tmp_path / "run" / "face_emotion.onnx").exists()
    done = train_face_steps(fer_dir, "3:1,2", **options)
    assert len(done["loss"]) == 2 and done["loss"][0] == first["loss"][0]
    model = (tmp_path / "run" / "face_emotion.onnx").read_bytes()
    again = train_face_steps(fer_dir, "3:1,2", **options)
    assert again["loss"] == done["loss"]  # a finished run is not re-planned nor trained further
    assert len(again["seconds"]) == 2 and (tmp_path / "run" / "face_emotion.onnx").is_file()
    assert len(model) > 100_000


def test_teacher_targets_soften_the_teachers_probabilities_and_keep_its_ranking(fer_dir, tmp_path):
    from mmer.face.classifier import EmotionClassifier
    from mmer.face.data import load_fer
    from mmer.face.train import teacher_targets
    from mmer.models import FACE_EMOTION_FILE, model_path

    faces, _ = load_fer(fer_dir, "val", max_per_class=3)
    teacher = model_path(FACE_EMOTION_FILE)
    probs = EmotionClassifier(teacher).predict_proba(faces)
    same = teacher_targets(teacher, faces, temperature=1.0, cache_dir=tmp_path)
    np.testing.assert_allclose(same, probs, atol=1e-5)
    assert len(list(tmp_path.glob("teacher_*.npy"))) == 1  # kept for a resumed run
    soft = teacher_targets(teacher, faces, temperature=3.0, cache_dir=tmp_path)
    np.testing.assert_allclose(soft.sum(axis=1), 1, atol=1e-5)
    assert (soft.argmax(axis=1) == probs.argmax(axis=1)).all()
    assert (soft.max(axis=1) < probs.max(axis=1) + 1e-6).all() and soft.max(axis=1).mean() < probs.max(axis=1).mean() - 0.05


@pytest.mark.slow
def test_distillation_starts_from_the_given_weights(fer_dir, tmp_path):
    import keras

    from mmer.face.train import train_face_model
    from mmer.models import FACE_EMOTION_FILE, model_path

    base = dict(max_per_class=10, verbose=0)
    train_face_model(fer_dir, out_dir=tmp_path / "first", epochs=1, **base)
    start = tmp_path / "first" / "checkpoints" / "face_vgg_last.keras"
    with pytest.raises(FileNotFoundError, match="teacher model"):
        train_face_model(fer_dir, out_dir=tmp_path / "x", teacher=tmp_path / "none.onnx", **base)
    # A learning rate of ~0: the student must still be the network it started from.
    history = train_face_model(fer_dir, out_dir=tmp_path / "student", epochs=1, learning_rate=1e-12,
                               teacher=model_path(FACE_EMOTION_FILE), init_from=start, seed=3, **base)
    assert len(history["loss"]) == 1
    assert list((tmp_path / "student" / "checkpoints").glob("teacher_*.npy"))
    first = keras.saving.load_model(start).get_weights()
    student = keras.saving.load_model(tmp_path / "student" / "checkpoints" / "face_vgg_last.keras").get_weights()
    kernels = [(a, b) for a, b in zip(first, student) if a.ndim == 4]  # convolution kernels
    assert len(kernels) == 8
    for a, b in kernels:  # seed 3 alone would have drawn other initial weights
        np.testing.assert_allclose(b, a, atol=1e-6)


def test_int8_model_keeps_each_networks_first_convolution_in_float32(tmp_path):
    import onnx

    from mmer.face.classifier import EmotionClassifier
    from mmer.face.ensemble import VIEWS_KEY, average_onnx_models
    from mmer.face.quantize import agreement, quantize_face_model

    rng = np.random.default_rng(0)
    faces = rng.integers(0, 256, (64, 48, 48), dtype=np.uint8)
    # An average of two networks, stored with float16 weights, each network on its own view.
    members = [tiny_face_cnn(tmp_path / f"{i}.onnx", i) for i in (1, 2)]
    average = average_onnx_models(members, tmp_path / "avg.onnx", mirror_alternate=True, min_cast_size=16)
    out = quantize_face_model(average, tmp_path / "int8.onnx", faces[:48])

    model = onnx.load(str(out))
    produced_by = {o: n for n in model.graph.node for o in n.output}
    convs = {n.name: n for n in model.graph.node if n.op_type == "Conv"}
    assert len(convs) == 4
    for name, conv in convs.items():  # QDQ format: a quantized Conv reads its weight from DequantizeLinear
        weight_from = produced_by.get(conv.input[1])
        assert (weight_from is not None and weight_from.op_type == "DequantizeLinear") == name.endswith("conv2"), name
    assert [p.value for p in model.metadata_props if p.key == VIEWS_KEY] == ["face,mirror"]
    assert EmotionClassifier(out).mirror_inside
    test = faces[48:]
    np.testing.assert_allclose(EmotionClassifier(out).predict_proba(test), EmotionClassifier(average).predict_proba(test),
                               atol=0.02)
    assert agreement(average, out, test) >= 0.8


def test_int8_refuses_what_it_cannot_quantize(tmp_path):
    from mmer.errors import ModelFileError
    from mmer.face.quantize import quantize_face_model

    faces = np.zeros((32, 48, 48), np.uint8)
    (tmp_path / "junk.onnx").write_bytes(b"not a model")
    with pytest.raises(ModelFileError, match="not a readable ONNX model"):
        quantize_face_model(tmp_path / "junk.onnx", tmp_path / "out.onnx", faces)
    with pytest.raises(ModelFileError, match="no float32 convolution"):
        quantize_face_model(_tiny_face_model(tmp_path / "linear.onnx", 1), tmp_path / "out.onnx", faces)
    with pytest.raises(ValueError, match="grey 48x48"):
        quantize_face_model(tiny_face_cnn(tmp_path / "cnn.onnx", 1), tmp_path / "out.onnx", faces[:, :40])
    assert not (tmp_path / "out.onnx").exists()
