"""Decoding of user media (browser WebM, MP4, AVI, images) into plain numpy arrays.

PyAV is used rather than ``cv2.VideoCapture``: it reads WebM/VP8 and Opus from the browser
without a system ffmpeg, reads from bytes in memory (no temporary file for uploads), and reports
corrupt data as a Python exception we can turn into a clear message.
"""

from __future__ import annotations

import io
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import numpy as np

from .errors import (
    CorruptMediaError,
    EmptyMediaError,
    InputNotFoundError,
    InvalidArgumentError,
    InvalidMediaError,
    MediaTooLargeError,
    NoAudioTrackError,
    RecordingTooShortError,
    UnsupportedInputError,
)

#: Shortest video or audio recording analysed: under a second there is hardly an expression or a
#: word to read. Shorter input raises :class:`~mmer.errors.RecordingTooShortError`.
MIN_RECORDING_SECONDS = 1.0


def recording_too_short(seconds: float) -> RecordingTooShortError:
    """The error for a recording under :data:`MIN_RECORDING_SECONDS`, worded for the user."""
    return RecordingTooShortError(
        f"the recording lasts only {seconds:.1f} s: record an answer of at least {MIN_RECORDING_SECONDS:g} s"
    )


#: Limits on what anyone can send (the browser, an upload, a batch folder), checked before decoding
#: where the file says it (size, the header's duration and frame size) and while decoding where it
#: may lie (a browser's WebM announces no duration): an interview answer is minutes long, a webcam
#: at most 4K; past these, decoding would only tie up a shared server's memory and cores.
MAX_MEDIA_BYTES = 200 * 2**20  # the websocket limit of voila.json
MAX_RECORDING_SECONDS = 10 * 60
MAX_VIDEO_PIXELS = 3840 * 2160


IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".bmp", ".webp", ".tif", ".tiff", ".pgm"}
_IMAGE_MAGIC = (b"\xff\xd8\xff", b"\x89PNG", b"BM", b"RIFF", b"II*\x00", b"MM\x00*", b"P5")


@dataclass
class VideoInfo:
    """What the container says about a video, before decoding it."""

    duration: float | None
    fps: float | None
    frame_count: int | None
    width: int
    height: int


def describe_source(source) -> str:
    if isinstance(source, (str, os.PathLike)):
        return f"'{Path(source).name}'"
    return "the uploaded data"


def as_source(source):
    """Normalise user input once: a path stays a :class:`Path`, a file object is read into
    bytes (so it can be read again), bytes stay bytes. Raises for missing or empty input."""
    return _as_bytes_or_path(source)


def _as_bytes_or_path(source):
    """Accept a path, bytes/bytearray/memoryview or a binary file object."""
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        if not path.exists():
            raise InputNotFoundError(f"{path} does not exist")
        if path.is_dir():
            raise InvalidMediaError(f"{path} is a folder, not a media file")
        size = path.stat().st_size
        if size == 0:
            raise EmptyMediaError(f"{describe_source(source)} is empty (0 bytes)")
        _check_size(size, source)
        return path
    if isinstance(source, (bytes, bytearray, memoryview)):
        if len(source) == 0:
            raise EmptyMediaError("the uploaded data is empty (0 bytes)")
        _check_size(len(source), source)
        return bytes(source)
    if hasattr(source, "read"):
        return _as_bytes_or_path(source.read())
    raise UnsupportedInputError(f"expected a path, bytes or a binary file object, not {type(source).__name__}")


def _check_size(size: int, source):
    if size > MAX_MEDIA_BYTES:
        raise MediaTooLargeError(
            f"{describe_source(source)} is {size / 2**20:.0f} MiB, over the {MAX_MEDIA_BYTES // 2**20} MiB limit: "
            "record or upload a shorter answer"
        )


def _too_long(what: str) -> MediaTooLargeError:
    return MediaTooLargeError(
        f"{what} lasts over {MAX_RECORDING_SECONDS // 60} minutes: answers are analysed up to that length; "
        "cut it or record a shorter answer"
    )


def _check_header(container, what: str):
    """Refuse, before decoding anything, what the file's header says is over the limits."""
    if container.duration is not None and container.duration / 1_000_000 > MAX_RECORDING_SECONDS:
        raise _too_long(what)
    for stream in container.streams.video:
        width, height = _stream_attribute(stream, "width", what), _stream_attribute(stream, "height", what)
        if (width or 0) * (height or 0) > MAX_VIDEO_PIXELS:
            raise MediaTooLargeError(
                f"{what} is a {width}x{height} video, over the 4K limit (3840x2160): "
                "record at a webcam's usual size"
            )


def _stream_attribute(stream, name: str, what: str):
    """``stream.<name>``; PyAV raises AttributeError when a damaged header left the stream without
    a codec context: that is a damaged file, said plainly (``what`` names the file)."""
    try:
        return getattr(stream, name)
    except AttributeError:
        raise CorruptMediaError(f"{what} is damaged: its {stream.type} track cannot be read") from None


def _head(data) -> bytes:
    if isinstance(data, Path):
        with data.open("rb") as f:
            return f.read(16)
    return data[:16]


def looks_like_image(source) -> bool:
    """True when ``source`` is a still image (by suffix for paths, by magic bytes for data)."""
    data = _as_bytes_or_path(source)
    if isinstance(data, Path) and data.suffix.lower() in IMAGE_SUFFIXES:
        return True
    head = _head(data)
    if head.startswith(b"RIFF"):
        return head[8:12] == b"WEBP"
    return head.startswith(_IMAGE_MAGIC)


def read_image(source) -> np.ndarray:
    """Decode a still image into a BGR uint8 array, or raise :class:`InvalidMediaError`."""
    import cv2

    data = _as_bytes_or_path(source)
    raw = data.read_bytes() if isinstance(data, Path) else data
    image = cv2.imdecode(np.frombuffer(raw, np.uint8), cv2.IMREAD_COLOR)
    if image is None:
        raise InvalidMediaError(f"{describe_source(source)} is not a readable image")
    return image


def _open_container(data, what: str):
    import av

    try:
        container = av.open(str(data) if isinstance(data, Path) else io.BytesIO(data), mode="r")
    except av.error.EOFError:
        raise EmptyMediaError(f"{what or 'the file'} ends before any frame: a zero-length clip") from None
    except (av.error.FFmpegError, UnicodeDecodeError, ValueError) as exc:
        raise InvalidMediaError(
            f"{what or 'the file'} is not a video or audio file that can be read ({exc.__class__.__name__})"
        ) from None
    try:
        _check_header(container, what or "the file")
    except MediaTooLargeError:
        container.close()
        raise
    return container


def video_info(source) -> VideoInfo:
    """Duration, frame rate and size of the first video track."""
    data = _as_bytes_or_path(source)
    with _open_container(data, describe_source(source)) as container:
        stream = _video_stream(container, source)
        duration = None
        if stream.duration is not None and stream.time_base is not None:
            duration = float(stream.duration * stream.time_base)
        elif container.duration is not None:
            duration = container.duration / 1_000_000
        fps = float(stream.average_rate) if stream.average_rate else None
        return VideoInfo(duration, fps, stream.frames or None, stream.width, stream.height)


def _video_stream(container, source):
    if not container.streams.video:
        raise InvalidMediaError(f"{describe_source(source)} has no video track")
    return container.streams.video[0]


def iter_video_frames(source, every: int = 1, max_side: int | None = 320,
                      max_fps: float | None = None, fast_decode: bool = False) -> Iterator[tuple[int, float, np.ndarray]]:
    """Yield ``(index, time_in_seconds, bgr_frame)`` for every ``every``-th frame, and at most
    ``max_fps`` frames per second of video (by timestamp: browser recordings have a variable
    frame rate and announce none, so counting frames would not say how much time they cover).

    Frames are scaled (by FFmpeg's swscale, in C) so their longer side is at most ``max_side``:
    a face in a webcam frame is still far larger than the 48 pixels the classifier sees, and the
    detector runs 4x faster on a 320-pixel frame than on 640.

    ``fast_decode`` skips the decoder's deblocking filter: decoding is about twice as fast, and
    the slight blockiness it leaves does not change what a face detector at 256 px sees; used
    when only a few frames per second are analysed and decoding is the main cost.

    Raises :class:`InvalidMediaError` for unreadable or truncated data and
    :class:`EmptyMediaError` when not a single frame can be decoded.
    """
    import av
    from av.video.reformatter import VideoReformatter

    if every < 1:
        raise InvalidArgumentError(f"every must be a positive number of frames, not {every!r}")
    data = _as_bytes_or_path(source)
    container = _open_container(data, describe_source(source))
    decoded = 0
    declared = False
    try:
        stream = _video_stream(container, source)
        # A stream that announces frames or a duration but yields none is damaged, not empty.
        declared = bool(stream.frames or stream.duration or container.duration) or _has_packets(data)
        stream.thread_type = "AUTO"  # let FFmpeg decode on both cores
        if fast_decode:
            stream.codec_context.options = {"skip_loop_filter": "all"}
        fps = float(stream.average_rate) if stream.average_rate else 30.0
        width, height = stream.width, stream.height
        if max_side and width and height and max(width, height) > max_side:
            scale = max_side / max(width, height)
            width, height = max(2, round(width * scale)), max(2, round(height * scale))
        # One reformatter per step for the whole clip: ``frame.reformat``/``to_ndarray(format=)``
        # set up a new FFmpeg scaling context for every frame, which cost more than decoding
        # (1.3 ms a frame at 640x480, measured); reused, the same pixels come out in a third of the time.
        scaler, converter = VideoReformatter(), VideoReformatter()
        try:
            next_time = last_time = 0.0
            for index, frame in enumerate(container.decode(stream)):
                decoded += 1
                last_time = float(frame.time) if frame.time is not None else index / fps
                if last_time > MAX_RECORDING_SECONDS:
                    raise _too_long(describe_source(source))
                if index % every:
                    continue
                time = last_time
                if max_fps:
                    if time < next_time:
                        continue
                    next_time = time + 1.0 / max_fps - 1e-3  # a millisecond of slack for jittery timestamps
                if (frame.width, frame.height) != (width, height):
                    frame = scaler.reformat(frame, width=width, height=height)
                yield index, time, converter.reformat(frame, format="bgr24").to_ndarray()
        except av.error.FFmpegError as exc:
            raise CorruptMediaError(
                f"{describe_source(source)} is corrupt or truncated: decoding stopped after "
                f"{decoded} frame(s) ({exc.__class__.__name__})"
            ) from None
        # Some damaged files simply end early without a decoding error: compare with the header.
        declared_seconds = container.duration / 1_000_000 if container.duration else None
        if decoded and declared_seconds and last_time < 0.8 * declared_seconds - 0.5:
            raise CorruptMediaError(
                f"{describe_source(source)} is corrupt or truncated: only {last_time:.1f} s of its "
                f"{declared_seconds:.1f} s of video could be decoded"
            )
    finally:
        container.close()
    if decoded == 0:
        if declared:
            raise CorruptMediaError(f"{describe_source(source)} is corrupt or truncated: no video frame could be decoded")
        raise EmptyMediaError(f"{describe_source(source)} holds no video frames (zero-length clip)")


def _has_packets(data) -> bool:
    """True when the first video track holds at least one packet with data."""
    import av

    try:
        with _open_container(data, "") as container:
            for packet in container.demux(container.streams.video[0]):
                if packet.size:
                    return True
    except av.error.FFmpegError:
        return True  # damaged after the header: there was something
    return False


def has_video_stream(source) -> bool:
    """Whether a recording has a video track (a WebM from the camera) or only sound."""
    data = _as_bytes_or_path(source)
    with _open_container(data, describe_source(source)) as container:
        return bool(container.streams.video)


def load_audio(source, sr: int = 16000) -> np.ndarray:
    """Decode the first audio track of any file PyAV reads (WebM/Opus, WAV, FLAC, OGG, MP3, MP4)
    into mono float32 samples in [-1, 1] at ``sr`` Hz: channels are averaged, and any rate (8 kHz
    phone audio, 48 kHz browser audio) is converted with soxr.
    Raises :class:`NoAudioTrackError` for a file with no audio (a video without microphone),
    :class:`EmptyMediaError` for a zero-length recording and :class:`CorruptMediaError` when the
    data stops decoding.
    """
    import av

    data = _as_bytes_or_path(source)
    chunks = []
    with _open_container(data, describe_source(source)) as container:
        if not container.streams.audio:
            raise NoAudioTrackError(f"{describe_source(source)} has no audio track (was the microphone on?)")
        stream = container.streams.audio[0]
        declared = container.duration / 1_000_000 if container.duration else None
        rate = _stream_attribute(stream, "rate", describe_source(source)) or sr
        limit = MAX_RECORDING_SECONDS * rate
        decoded_samples = 0
        try:
            for frame in container.decode(stream):
                chunks.append(_mono_float(frame))
                decoded_samples += len(chunks[-1])
                if decoded_samples > limit:
                    raise _too_long(describe_source(source))
        except av.error.FFmpegError as exc:
            decoded = sum(len(c) for c in chunks) / rate
            raise CorruptMediaError(
                f"{describe_source(source)} is corrupt or truncated: decoding stopped after {decoded:.1f} s "
                f"of audio ({exc.__class__.__name__})"
            ) from None
    samples = np.concatenate(chunks) if chunks else np.zeros(0, np.float32)
    if rate != sr and samples.size:
        # One soxr call on the whole signal (high-quality, C) instead of FFmpeg's resampler
        # frame by frame: per-frame calls cost more than the decoding itself on a 15 s answer.
        import soxr

        samples = soxr.resample(samples, rate, sr).astype(np.float32)
    # FFmpeg skips damaged blocks of some containers (WebM) without an error: when the header
    # says how long the recording is, a large shortfall means the file is damaged.
    if declared and len(samples) / sr < 0.8 * declared - 0.5:
        raise CorruptMediaError(
            f"{describe_source(source)} is corrupt or truncated: only {len(samples) / sr:.1f} s of its "
            f"{declared:.1f} s of audio could be decoded"
        )
    if samples.size == 0:
        raise EmptyMediaError(f"{describe_source(source)} holds no audio samples (zero-length recording)")
    return samples


_INT_SCALE = {"u8": 128.0, "s16": 32768.0, "s32": 2147483648.0, "s64": 9223372036854775808.0}


def _mono_float(frame) -> np.ndarray:
    """One decoded audio frame as mono float32: channels averaged, integers scaled to [-1, 1]."""
    data = frame.to_ndarray()
    channels = len(frame.layout.channels)
    if not frame.format.is_planar:  # packed: (1, samples * channels), interleaved
        data = data.reshape(-1, channels).T
    name = frame.format.name.rstrip("p")
    data = data.astype(np.float32)
    if name in _INT_SCALE:
        data = (data - 128.0 if name == "u8" else data) / _INT_SCALE[name]
    return data.mean(axis=0) if channels > 1 else data.reshape(-1)
