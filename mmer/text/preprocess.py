"""Tokenising and word counts with nltk parts that need no downloaded data.

``nltk.download`` cannot run on an offline dashboard, so: a regular-expression tokenizer
(nltk's ``RegexpTokenizer``), and scikit-learn's English stop-word list plus a few spoken fillers.
"""

from __future__ import annotations

import re
from collections import Counter

from nltk.tokenize import RegexpTokenizer
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

# Words with letters, keeping inner apostrophes and hyphens (don't, self-aware).
_TOKENIZER = RegexpTokenizer(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SENTENCE_END = re.compile(r"[.!?]+(?:\s|$)")

STOP_WORDS = frozenset(ENGLISH_STOP_WORDS) | {
    "i'm", "i've", "i'll", "i'd", "don't", "didn't", "doesn't", "can't", "won't", "it's", "that's",
    "just", "really", "like", "got", "get", "going", "gonna", "wanna", "yeah", "ok", "okay", "um",
    "uh", "lot", "thing", "things", "know", "think", "im", "dont", "cant", "ive", "also", "would",
    "could", "should", "much", "many", "even", "still", "well", "right", "way",
}
# Frequent English function words: if few of a text's words are among them, it is probably
# not English (used for a reliability warning, not to refuse the text).
_ENGLISH_MARKERS = frozenset(
    "the and to of a in that is it i you for was on with as have be at this but my not are they we "
    "so he she me all do what there about if or can will an when one from had by would just".split()
)


def tokenize(text: str) -> list[str]:
    """Lower-cased word tokens (letters only; numbers and punctuation dropped)."""
    return [t.replace("’", "'") for t in _TOKENIZER.tokenize(text.lower())]


def content_words(tokens) -> list[str]:
    """Tokens that carry meaning: no stop words, at least 3 letters."""
    return [t for t in tokens if len(t) >= 3 and t not in STOP_WORDS]


def top_words(tokens, n: int = 10) -> list[tuple[str, int]]:
    """The ``n`` most common content words with their counts (ties: first seen first)."""
    return Counter(content_words(tokens)).most_common(n)


def english_share(tokens) -> float:
    """Share of tokens that are common English function words (about 0.4-0.5 in English prose)."""
    return sum(t in _ENGLISH_MARKERS for t in tokens) / len(tokens) if tokens else 0.0


def sentence_count(text: str) -> int:
    return max(1, len(_SENTENCE_END.findall(text.strip())))
