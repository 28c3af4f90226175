"""``analyze_text``: perceived Big Five traits and most used words of an answer or a document."""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache

from ..errors import EmptyTextError, TextTooLongError
from ..labels import TRAITS
from ..models import BIGFIVE_FILE, model_path
from ..results import TextResult
from .documents import read_document
from .preprocess import english_share, sentence_count, tokenize, top_words

MIN_WORDS = 100  # below this the model has too little to go on: results get a warning
MAX_WORDS = 20_000  # about 40 pages; a cover letter or an answer is far shorter


@lru_cache(maxsize=1)
def load_text_model():
    from .model import BigFiveModel

    path = model_path(BIGFIVE_FILE)
    model = BigFiveModel.load(path)
    model.version = "bigfive-" + hashlib.sha256(path.read_bytes()).hexdigest()[:12]
    return model


def analyze_text(text=None, *, file=None, name: str | None = None, n_words: int = 10, model=None) -> TextResult:
    """Big Five traits (five independent P(high)) and the most used content words.

    Give either ``text`` (a typed answer, str) or ``file`` (a path, bytes or file object of a
    PDF, DOCX, TXT or Markdown document; ``name`` is its file name). A str given as ``text``
    is always the answer itself, never a file name, so a typed answer cannot be mistaken for
    a path.

    Raises :class:`~mmer.errors.EmptyTextError` (nothing to analyse),
    :class:`~mmer.errors.TextTooLongError`, :class:`~mmer.errors.DocumentError`.
    """
    if (text is None) == (file is None):
        raise TypeError("give either text (a str) or file (a document)")
    if file is not None:
        if name is None and isinstance(file, (str, os.PathLike)):
            name = os.path.basename(os.fspath(file))
        text = read_document(file, name)
        source = name or "document"
    else:
        if not isinstance(text, str):
            raise TypeError("text must be a str; pass documents as file=")
        source = "typed answer"
    tokens = tokenize(text)
    if not tokens:
        raise EmptyTextError("there is no text to analyse: write or upload your answer first")
    if len(tokens) > MAX_WORDS:
        raise TextTooLongError(
            f"the text has {len(tokens):,} words; the analysis takes at most {MAX_WORDS:,} "
            "(a cover letter or an interview answer is far shorter)"
        )
    model = model or load_text_model()
    probabilities = model.predict_proba([text])[0]
    warnings = []
    if len(tokens) < MIN_WORDS:
        warnings.append(
            f"too short to judge: {len(tokens)} words (the model needs at least {MIN_WORDS}); "
            "treat these figures as noise"
        )
    if len(tokens) >= 20 and english_share(tokens) < 0.15:
        warnings.append("this does not look like English: the model only knows English and its figures mean little here")
    return TextResult(
        traits={t: round(float(p), 4) for t, p in zip(TRAITS, probabilities)},
        top_words=top_words(tokens, n_words),
        word_count=len(tokens),
        sentence_count=sentence_count(text),
        source=source,
        model_version=getattr(model, "version", ""),
        warnings=warnings,
    )
