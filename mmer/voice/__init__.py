"""Vocal emotion recognition: speech detection, Whisper and acoustic features per window, classifier, analysis."""

from .analyze import analyze_audio

__all__ = ["analyze_audio"]
