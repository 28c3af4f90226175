"""Vocal emotion recognition: decoding, windowed acoustic features, classifier, analysis."""

from .analyze import analyze_audio, load_voice_model

__all__ = ["analyze_audio", "load_voice_model"]
