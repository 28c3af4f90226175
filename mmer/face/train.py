"""Train the facial-emotion CNN on FER2013 and export it for fast inference.

TensorFlow is imported inside the functions so that ``import mmer`` stays fast.

Why this model: a VGG-style stack of 3x3 convolutions with batch normalisation (4 stages,
32-64-128-256 channels, ~1.2M parameters) is the family that reaches the low 70s on FER2013 in
the literature, learns quickly with batch norm, and exports to a ~5 MB ONNX file that runs in
about a millisecond per face on a laptop CPU. Deeper/wider nets gain little on 48x48 images and
cost training time we do not have on a 2-core machine.

Why no model selection on the validation split: the learning rate follows a cosine schedule to
zero and the *last* epoch is shipped, so the PublicTest figure in the model card is not tuned on.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

import numpy as np

from ..errors import InputNotFoundError, InvalidArgumentError
from ..labels import EMOTIONS
from .data import IMAGE_SIZE, load_fer

CROP = 44  # random 44x44 crops while training, centre crop at test: the usual FER2013 recipe.


def build_model(width: int = 32, dropout: float = 0.4, architecture: str = "vgg"):
    """The VGG-style CNN: input raw grey pixels (0..255), ``(CROP, CROP, 1)``; output 7 softmax.

    ``architecture="small"`` is the seed's baseline instead: 3 conv blocks, no batch norm.
    """
    import keras
    from keras import layers

    inputs = keras.Input((CROP, CROP, 1), name="face")
    x = layers.Rescaling(1.0 / 255.0)(inputs)
    if architecture == "small":
        for channels in (32, 64, 128):
            x = layers.Conv2D(channels, 3, padding="same", activation="relu")(x)
            x = layers.MaxPooling2D()(x)
        x = layers.Flatten()(x)
        x = layers.Dropout(0.5)(x)
        x = layers.Dense(128, activation="relu")(x)
        outputs = layers.Dense(len(EMOTIONS), activation="softmax", name="emotion")(x)
        return keras.Model(inputs, outputs, name="mmer_face_small_cnn")
    if architecture != "vgg":
        raise InvalidArgumentError(f"unknown architecture {architecture!r}: use 'vgg' or 'small'")
    for stage, channels in enumerate([width, width * 2, width * 4, width * 8]):
        for _ in range(2):
            x = layers.Conv2D(channels, 3, padding="same", use_bias=False)(x)
            x = layers.BatchNormalization()(x)
            x = layers.ReLU()(x)
        if stage < 3:
            x = layers.MaxPooling2D()(x)
    x = layers.GlobalAveragePooling2D()(x)
    x = layers.Dropout(dropout)(x)
    x = layers.Dense(256, use_bias=False)(x)
    x = layers.BatchNormalization()(x)
    x = layers.ReLU()(x)
    x = layers.Dropout(dropout)(x)
    outputs = layers.Dense(len(EMOTIONS), activation="softmax", name="emotion")(x)
    return keras.Model(inputs, outputs, name="mmer_face_vgg")


def _datasets(X_train, y_train, X_val, y_val, batch_size, seed):
    import tensorflow as tf

    def augment(image, label):
        image = tf.image.random_flip_left_right(image)
        # Small random scale + shift, then a random 44x44 crop: faces in webcam frames are never
        # aligned exactly like FER2013's crops.
        size = tf.random.uniform([], IMAGE_SIZE - 4, IMAGE_SIZE + 8, dtype=tf.int32)
        image = tf.image.resize(image, [size, size])
        image = tf.image.resize_with_crop_or_pad(image, IMAGE_SIZE, IMAGE_SIZE)
        image = tf.image.random_crop(image, [CROP, CROP, 1])
        image = tf.image.random_brightness(image, 25.0)
        image = tf.image.random_contrast(image, 0.75, 1.25)
        return tf.clip_by_value(image, 0.0, 255.0), label

    def centre(image, label):
        return tf.image.resize_with_crop_or_pad(image, CROP, CROP), label

    def as_float(X):
        return X[..., None].astype("float32")

    train = (
        tf.data.Dataset.from_tensor_slices((as_float(X_train), y_train))
        .shuffle(len(X_train), seed=seed, reshuffle_each_iteration=True)
        .map(augment, num_parallel_calls=tf.data.AUTOTUNE)
        .batch(batch_size, drop_remainder=True)
        .prefetch(tf.data.AUTOTUNE)
    )
    val = (
        tf.data.Dataset.from_tensor_slices((as_float(X_val), y_val))
        .map(centre)
        .batch(256)
        .prefetch(tf.data.AUTOTUNE)
    )
    return train, val


def train_face_model(
    data,
    out_dir="models",
    epochs: int = 40,
    batch_size: int = 64,
    learning_rate: float = 2e-3,
    width: int = 32,
    max_per_class: int | None = None,
    checkpoint_dir=None,
    train_split: str = "train",
    val_split: str = "val",
    seed: int = 0,
    verbose: int = 2,
    architecture: str = "vgg",
    export: bool = True,
    epochs_this_run: int | None = None,
    stop_at_epoch: int | None = None,
    teacher=None,
    soft_weight: float = 0.7,
    temperature: float = 2.0,
    init_from=None,
):
    """Train on ``<data>/<train_split>`` and report on ``<data>/<val_split>``; export ONNX.

    Resumable: every epoch is checkpointed to ``checkpoint_dir`` (model, optimizer state and
    history); calling again with the same arguments continues where it stopped.
    ``epochs_this_run`` stops after that many epochs (the schedule still plans ``epochs``; the
    model is exported only once all ``epochs`` are done), to train in chunks on a slow machine;
    ``stop_at_epoch`` stops once that many epochs are done in all (nothing happens if they
    already are: see :func:`train_face_steps`).

    Distillation: with ``teacher`` (an ONNX face model, e.g. an average of several networks
    written by :mod:`mmer.face.ensemble`), each training image's target is
    ``soft_weight * teacher + (1 - soft_weight) * label``, the teacher's probabilities softened
    by ``temperature`` (see :func:`teacher_targets`); ``init_from`` starts from the weights of a
    trained Keras checkpoint instead of random ones (a fresh optimizer and schedule).
    Returns the history dict (loss/accuracy per epoch for both splits).
    """
    for what, path in (("teacher model", teacher), ("checkpoint to start from", init_from)):
        if path is not None and not Path(path).is_file():
            raise InputNotFoundError(f"{what} {path} not found")
    if not 0 <= soft_weight <= 1 or temperature <= 0:
        raise InvalidArgumentError("soft_weight must be within 0..1 and temperature above 0")
    import keras

    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    checkpoint_dir = Path(checkpoint_dir or out_dir / "checkpoints")
    checkpoint_dir.mkdir(parents=True, exist_ok=True)
    ckpt_path = checkpoint_dir / f"face_{architecture}_last.keras"
    hist_path = checkpoint_dir / f"face_{architecture}_history.json"
    resuming = ckpt_path.exists() and hist_path.exists()
    history = {"loss": [], "accuracy": [], "val_loss": [], "val_accuracy": [], "seconds": []}
    if resuming:
        history = json.loads(hist_path.read_text())
    # A resumed run must not replay the first epochs' shuffles and augmentations (the data
    # pipeline restarts with the process), so its random stream depends on the epochs done.
    run_seed = seed + len(history["loss"])
    keras.utils.set_random_seed(run_seed)

    X_train, y_train = load_fer(data, train_split, max_per_class=max_per_class, seed=seed)
    X_val, y_val = load_fer(data, val_split, max_per_class=max_per_class, seed=seed)
    loss = keras.losses.SparseCategoricalCrossentropy()
    if teacher is not None:
        soft = teacher_targets(teacher, X_train, temperature, cache_dir=checkpoint_dir)
        y_train = soft_weight * soft + (1 - soft_weight) * np.eye(len(EMOTIONS), dtype=np.float32)[y_train]
        y_val = np.eye(len(EMOTIONS), dtype=np.float32)[y_val]
        loss = keras.losses.CategoricalCrossentropy()
    train_ds, val_ds = _datasets(X_train, y_train, X_val, y_val, batch_size, run_seed)
    steps_per_epoch = len(X_train) // batch_size

    if resuming:
        model = keras.saving.load_model(ckpt_path)
        print(f"resuming from epoch {len(history['loss'])}", flush=True)
        _fit_schedule_to(model.optimizer, steps_per_epoch * len(history["loss"]), steps_per_epoch * epochs)
    else:
        if init_from is not None:
            model = keras.saving.load_model(init_from, compile=False)
            print(f"starting from the weights of {init_from}", flush=True)
        else:
            model = build_model(width=width, architecture=architecture)
        schedule = keras.optimizers.schedules.CosineDecay(
            0.0,
            decay_steps=max(1, steps_per_epoch * (epochs - 1)),
            warmup_target=learning_rate,
            warmup_steps=steps_per_epoch,
        )
        model.compile(
            optimizer=keras.optimizers.AdamW(schedule, weight_decay=1e-4),
            loss=loss,
            metrics=["accuracy"],
            jit_compile=True,  # XLA: ~10% faster steps on CPU
        )

    class Checkpoint(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            self.start = time.time()

        def on_epoch_end(self, epoch, logs=None):
            for key in ("loss", "accuracy", "val_loss", "val_accuracy"):
                history[key].append(float(logs[key]))
            history["seconds"].append(time.time() - self.start)
            self.model.save(ckpt_path)
            hist_path.write_text(json.dumps(history))

    done = len(history["loss"])
    stop = epochs if epochs_this_run is None else min(epochs, done + epochs_this_run)
    if stop_at_epoch is not None:
        stop = min(stop, stop_at_epoch)
    if done < stop:
        model.fit(
            train_ds,
            validation_data=val_ds,
            epochs=stop,
            initial_epoch=done,
            callbacks=[Checkpoint()],
            verbose=verbose,
        )
    if export and len(history["loss"]) >= epochs:
        (out_dir / "face_history.json").write_text(json.dumps(history, indent=1))
        export_onnx(model, out_dir / "face_emotion.onnx")
    return history


def parse_steps(text: str) -> list[tuple[int, int | None]]:
    """``"60:20,46"`` -> ``[(60, 20), (46, None)]``: planned epochs, and the epoch each step stops
    at (none for the last), for :func:`train_face_steps`."""
    steps = []
    for part in text.split(","):
        planned, _, until = part.strip().partition(":")
        try:
            steps.append((int(planned), int(until) if until else None))
        except ValueError:
            raise InvalidArgumentError(f"bad schedule step {part!r}: expected PLANNED or PLANNED:UNTIL, e.g. 60:20,46") from None
    return steps


def train_face_steps(data, steps, **kwargs):
    """Train one run through a schedule that was changed on the way, as MMER's runs were.

    ``steps`` is a list of ``(planned_epochs, until_epoch)`` (or its text, see :func:`parse_steps`):
    train with the cosine planned over ``planned_epochs`` until ``until_epoch`` epochs are done in
    all (None: to the end), then re-plan with the next step. E.g. ``[(60, 20), (46, None)]``: planned over 60 epochs, re-planned
    after 20 to end at 46. Steps already done are skipped, so calling it again after a stop
    resumes where the run was (calling ``train_face_model`` step by step would re-plan a
    finished run). Other arguments go to :func:`train_face_model`; returns the history.
    """
    if isinstance(steps, str):
        steps = parse_steps(steps)
    history = None
    for planned, until in steps:
        history = train_face_model(data, epochs=planned, stop_at_epoch=until, **kwargs)
    return history


def teacher_targets(teacher, faces, temperature: float = 2.0, cache_dir=None) -> np.ndarray:
    """The teacher model's probabilities for ``faces`` (``(n, 48, 48)`` grey), softened.

    Softening by a temperature T is ``softmax(logits / T)``, which on probabilities is
    ``p ** (1 / T)`` renormalised: T > 1 keeps the teacher's ranking of the other classes
    (a frown that is "mostly sad, a bit angry"), the knowledge a one-hot label lacks; on the
    images it was trained on, the teacher is otherwise nearly as confident as the labels.
    Computed once on the un-augmented faces with the teacher's own test-time views, and kept
    in ``cache_dir`` (a resumed run does not pay for it again).
    """
    import hashlib

    from .classifier import EmotionClassifier

    teacher = Path(teacher)
    digest = hashlib.sha256(teacher.read_bytes())
    digest.update(np.ascontiguousarray(faces))  # hashed in place, not copied into one bytes object
    key = digest.hexdigest()[:16]
    cache = Path(cache_dir) / f"teacher_{key}.npy" if cache_dir else None
    if cache is not None and cache.exists():
        probs = np.load(cache)
    else:
        probs = EmotionClassifier(teacher).predict_proba(faces).astype(np.float64)
        if cache is not None:
            np.save(cache, probs)
    soft = np.clip(probs, 1e-12, None) ** (1.0 / temperature)
    return (soft / soft.sum(axis=1, keepdims=True)).astype(np.float32)


def _fit_schedule_to(optimizer, done_steps: int, total_steps: int):
    """Make a resumed run end at ``total_steps`` when it was started with another ``--epochs``.

    The learning rate then goes from its current value to zero along a cosine over the epochs
    left, so a run can be shortened (or lengthened) half-way and still end annealed, which is
    what the shipped last epoch relies on. Nothing changes when the epochs are the same.
    """
    import keras

    schedule = optimizer._learning_rate  # the schedule object (the public attribute gives its value)
    if not isinstance(schedule, keras.optimizers.schedules.CosineDecay):
        return
    planned = int(schedule.decay_steps) + int(schedule.warmup_steps or 0)
    if planned == total_steps or done_steps >= total_steps:
        return
    current = float(keras.ops.convert_to_numpy(schedule(done_steps)))
    print(f"re-annealing: learning rate {current:.2e} -> 0 over steps {done_steps}..{total_steps}", flush=True)
    # Before ``done_steps`` the rate is flat at ``current`` (never used: those steps are done).
    optimizer.learning_rate = keras.optimizers.schedules.CosineDecay(
        current, decay_steps=total_steps - done_steps, warmup_target=current, warmup_steps=done_steps
    )


def export_onnx(model, path):
    """Export a Keras face model to ONNX (run later with onnxruntime, no TensorFlow needed)."""
    import tensorflow as tf
    import tf2onnx

    path = Path(path)
    spec = (tf.TensorSpec((None, CROP, CROP, 1), tf.float32, name="face"),)
    # Keras 3 functional models are callables; tf2onnx converts the traced tf.function.
    fn = tf.function(lambda x: model(x, training=False))
    onnx_model, _ = tf2onnx.convert.from_function(fn, input_signature=spec, opset=17)
    path.write_bytes(onnx_model.SerializeToString())
    return path

