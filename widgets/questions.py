"""The question bank lives in :mod:`mmer.questions` (a session and the CLI use it too)."""

from mmer.questions import QUESTION_BANK, random_question

#: Every question of the bank, for practising one at a time.
QUESTIONS = tuple(q.text for q in QUESTION_BANK)

__all__ = ["QUESTIONS", "random_question"]
