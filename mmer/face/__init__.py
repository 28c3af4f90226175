"""Facial emotion recognition: YuNet face detection + a CNN trained on FER2013 (ONNX)."""

from .analyze import analyze_image, analyze_video

__all__ = ["analyze_video", "analyze_image"]
