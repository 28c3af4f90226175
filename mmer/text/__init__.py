"""Perceived Big Five personality traits from a typed answer or a cover letter."""

from .analyze import analyze_text

__all__ = ["analyze_text"]
