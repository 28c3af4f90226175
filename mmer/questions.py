"""The question bank of mock interviews: common behavioural, motivational and situational
questions, grouped into lists by role, the seed project's leadership question first.

>>> from mmer.questions import ROLES, pick_questions
>>> ROLES[0]
'Any job'
>>> questions = pick_questions("Any job", 3)
>>> questions[0].text
'Tell us about the last time you showed leadership.'
>>> len(questions), len({q.text for q in questions})
(3, 3)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .errors import InvalidArgumentError

#: The three kinds of question, as interview guides name them.
CATEGORIES = ("behavioural", "motivational", "situational")

#: How many questions a mock interview has.
MIN_QUESTIONS, MAX_QUESTIONS = 3, 5


@dataclass(frozen=True)
class Question:
    """One question: its ``text`` and ``category`` (one of :data:`CATEGORIES`)."""

    text: str
    category: str


def _q(category, *texts):
    return tuple(Question(t, category) for t in texts)


#: Questions every list shares, the seed project's question first.
COMMON = (
    _q("behavioural", "Tell us about the last time you showed leadership.",
       "Describe a difficult situation at work and how you handled it.",
       "Tell us about a mistake you made and what you learned from it.",
       "Tell us about a time you disagreed with a colleague. What happened?",
       "Describe a project you are proud of.")
    + _q("motivational", "Tell us about yourself.", "Why do you want this job?",
         "What is your greatest strength, and a weakness you are working on?",
         "Where do you see yourself in five years?")
    + _q("situational", "How do you handle pressure and tight deadlines?",
         "What would you do in your first month here?",
         "A colleague keeps missing deadlines that affect your work. What do you do?")
)

#: Questions only one role's list adds (after the common ones it starts with).
_ROLE_QUESTIONS = {
    "Any job": (),
    "Graduate or first job": (
        _q("behavioural", "Tell us about a group project at school or university and your part in it.")
        + _q("motivational", "What did you learn in your studies that you will use in this job?")
        + _q("situational", "You are given a task you have never done before and your manager is away. What do you do?")
    ),
    "Team lead or manager": (
        _q("behavioural", "Tell us about a time you had to give difficult feedback to someone in your team.")
        + _q("motivational", "What kind of manager do you want to be?")
        + _q("situational", "Two people in your team are in open conflict. How do you handle it?")
    ),
    "Software developer": (
        _q("behavioural", "Tell us about a bug that took you a long time to find and how you found it.")
        + _q("motivational", "Which technology would you like to learn next, and why?")
        + _q("situational", "The release is tomorrow and you find a serious bug tonight. What do you do?")
    ),
    "Customer service or sales": (
        _q("behavioural", "Tell us about a time you turned an unhappy customer around.")
        + _q("motivational", "What do you enjoy about working with customers?")
        + _q("situational", "A customer asks for something our policy does not allow. What do you say?")
    ),
    "Healthcare": (
        _q("behavioural", "Tell us about a time you had to stay calm in an emergency.")
        + _q("motivational", "Why did you choose to work in healthcare?")
        + _q("situational", "A patient's relative is angry about waiting. How do you respond?")
    ),
}

#: The lists a candidate picks from, "Any job" first.
ROLES = tuple(_ROLE_QUESTIONS)

#: Every question once, in bank order: the common ones, then each role's.
QUESTION_BANK = COMMON + tuple(q for role in ROLES for q in _ROLE_QUESTIONS[role])


#: Job-related terms per role, which an answer may use (a talking point, not a score). Source:
#: hand-written by MMER's developers for this tool, from the duties these jobs commonly name; no
#: published list was used and nothing validates them: a hint of what such a job talks about.
JOB_TERMS = {
    "Any job": ("team", "customer", "deadline", "project", "goal", "feedback", "responsibility", "communication",
                "organised", "priority", "problem", "solution", "colleague", "manager", "results"),
    "Graduate or first job": ("internship", "placement", "degree", "course", "module", "dissertation", "research",
                              "group project", "society", "volunteering", "part-time", "skills", "learned",
                              "presentation", "mentor"),
    "Team lead or manager": ("team", "delegate", "delegated", "feedback", "one-to-one", "performance", "goals",
                             "stakeholders", "budget", "hiring", "coaching", "conflict", "priorities", "roadmap",
                             "motivate", "deadline", "decision"),
    "Software developer": ("code", "code review", "bug", "debugging", "tests", "unit tests", "deployment", "release",
                           "database", "API", "Python", "Java", "JavaScript", "SQL", "Git", "cloud", "architecture",
                           "refactoring", "performance", "users", "requirements", "agile", "sprint"),
    "Customer service or sales": ("customer", "customers", "client", "complaint", "refund", "policy", "sales", "target",
                                  "upsell", "order", "satisfaction", "follow up", "listen", "listened", "apologised",
                                  "solution", "CRM", "call", "queue"),
    "Healthcare": ("patient", "patients", "care", "safety", "medication", "ward", "shift", "handover", "doctor",
                   "nurse", "family", "relatives", "dignity", "infection", "protocol", "emergency", "triage",
                   "documentation", "confidentiality"),
}


def check_role(role: str | None) -> str | None:
    """``role`` if it is one of :data:`ROLES` (or None: no role chosen); else an
    :class:`~mmer.errors.InvalidArgumentError` naming the roles.

    >>> check_role("Healthcare")
    'Healthcare'
    """
    if role is not None and role not in ROLES:
        raise InvalidArgumentError(f"unknown role {role!r}: choose one of {', '.join(ROLES)}")
    return role


def questions_for(role: str) -> tuple[Question, ...]:
    """The questions of ``role``'s list: its own first (the ones a candidate for that role
    practises), then the common ones, the seed's leadership question first among those; for
    "Any job", the common ones only.

    >>> questions_for("Software developer")[0].category
    'behavioural'
    """
    return _ROLE_QUESTIONS[check_role(role)] + COMMON


def pick_questions(role: str = "Any job", n: int = 3, *, seed: int | None = None) -> list[Question]:
    """``n`` questions (3 to 5) for a mock interview from ``role``'s list: the list's first
    question, then one of each category in turn, drawn at random (``seed`` repeats a draw).

    >>> [q.category for q in pick_questions("Healthcare", 4, seed=1)]
    ['behavioural', 'motivational', 'situational', 'behavioural']
    """
    if not isinstance(n, int) or not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
        raise InvalidArgumentError(f"a mock interview has {MIN_QUESTIONS} to {MAX_QUESTIONS} questions, not {n!r}")
    pool = list(questions_for(role))
    rng = random.Random(seed)
    chosen = [pool.pop(0)]
    while len(chosen) < n:
        wanted = CATEGORIES[len(chosen) % len(CATEGORIES)]
        of_kind = [q for q in pool if q.category == wanted] or pool
        q = rng.choice(of_kind)
        pool.remove(q)
        chosen.append(q)
    return chosen


def random_question(current: str | None = None, rng=random) -> str:
    """A random question's text from the whole bank, different from ``current`` when possible.

    >>> random_question() in {q.text for q in QUESTION_BANK}
    True
    """
    choices = [q.text for q in QUESTION_BANK if q.text != current] or [q.text for q in QUESTION_BANK]
    return rng.choice(choices)
