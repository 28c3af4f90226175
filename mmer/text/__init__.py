"""Perceived Big Five personality traits from a typed answer or a cover letter."""

from .analyze import analyze_text, load_text_model

__all__ = ["analyze_text", "load_text_model"]
