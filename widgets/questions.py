"""The question bank: the seed project's question first, then common interview questions."""

import random

QUESTIONS = (
    "Tell us about the last time you showed leadership.",
    "Tell us about yourself.",
    "Why do you want this job?",
    "Describe a difficult situation at work and how you handled it.",
    "Tell us about a mistake you made and what you learned from it.",
    "What is your greatest strength, and a weakness you are working on?",
    "Tell us about a time you disagreed with a colleague. What happened?",
    "Where do you see yourself in five years?",
    "Describe a project you are proud of.",
    "How do you handle pressure and tight deadlines?",
)


def random_question(current: str | None = None, rng=random) -> str:
    """A random question, different from ``current`` when there is a choice."""
    choices = [q for q in QUESTIONS if q != current] or list(QUESTIONS)
    return rng.choice(choices)
