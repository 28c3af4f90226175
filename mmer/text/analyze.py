"""``analyze_text``: perceived Big Five traits and most used words of an answer or a document."""

from __future__ import annotations

import os

from ..errors import EmptyTextError, TextTooLongError
from ..labels import TRAITS
from ..models import resolve
from ..questions import JOB_TERMS, check_role
from ..results import TextResult
from .content import content_measures
from .documents import read_document
from .preprocess import english_share, sentence_count, tokenize, top_words

#: Below this many words the result gets a "too short to judge" warning: on the First
#: Impressions validation split the model's P(high) ranked such answers no better than chance
#: (AUC 0.48; per-length figures in the model card).
MIN_WORDS = 20
MAX_WORDS = 20_000  # about 40 pages; a cover letter or an answer is far shorter
#: Fewer words than this cannot say which language a text is in.
MIN_WORDS_FOR_LANGUAGE = 8
#: The model learned from spoken answers; on written essays it measured at chance (model card).
WRITTEN_TEXT_WARNING = (
    "this is a written document: the model learned from what people say in short spoken answers and, "
    "measured on written essays, it was right no more often than chance; its figures say nothing reliable "
    "about a cover letter"
)


def analyze_text(source, *, model=None, progress=None, name: str | None = None, n_words: int = 10,
                 question: str = "", role: str | None = None) -> TextResult:
    """Perceived Big Five traits (five independent P(high)) and the most used content words.

    "Perceived": the probability that listeners would rate the speaker above the median on each
    trait, learned from how raters judged short spoken answers (ChaLearn First Impressions); not
    a personality test. Results carry warnings when the model is out of its depth: too few words
    (:data:`MIN_WORDS`), not English, or a written document (see :data:`WRITTEN_TEXT_WARNING`).

    Parameters
    ----------
    source : the answer itself as a ``str``; or a document (PDF, DOCX, TXT, Markdown) as a
        :class:`pathlib.Path`, bytes or binary file object. A ``str`` is always the text, never a
        file name, so a typed answer cannot be mistaken for a path.
    model : optional :class:`mmer.Models` bundle (:func:`mmer.load_models`); default: the shipped models.
    progress : optional callable ``progress(fraction_done)`` (0..1).
    name : the document's file name when ``source`` is bytes or a file object (tells its type).
    n_words : how many of the most used words to return.
    question, role : the question answered and the role chosen (:data:`mmer.questions.ROLES`):
        the content measures list the question's words and the role's job terms the answer uses.

    Raises :class:`~mmer.errors.EmptyTextError` (nothing to analyse),
    :class:`~mmer.errors.TextTooLongError`, :class:`~mmer.errors.DocumentError` (unreadable
    document) and :class:`~mmer.errors.UnsupportedInputError` (neither text nor a document).

    >>> import mmer
    >>> result = mmer.analyze_text("Last year I led a team of five volunteers. " * 20)
    >>> sorted(result.traits) == sorted(mmer.TRAITS)
    True
    """
    job_terms = JOB_TERMS.get(check_role(role), ())
    written = not isinstance(source, str)
    if not written:
        text, source_name = source, "typed answer"
    else:  # read_document refuses what is neither a path, bytes nor a file object
        if name is None and isinstance(source, os.PathLike):
            name = os.path.basename(os.fspath(source))
        text = read_document(source, name)
        source_name = name or "document"
    tokens = tokenize(text)
    if not tokens:
        raise EmptyTextError("there is no text to analyse: write or upload your answer first")
    if len(tokens) > MAX_WORDS:
        raise TextTooLongError(
            f"the text has {len(tokens):,} words; the analysis takes at most {MAX_WORDS:,} "
            "(a cover letter or an interview answer is far shorter)"
        )
    if progress is not None:
        progress(0.3)
    model = resolve(model, "text")
    probabilities = model.predict_proba([text])[0]
    warnings = []
    if len(tokens) < MIN_WORDS:
        warnings.append(
            f"too short to judge: {len(tokens)} words (the model needs at least {MIN_WORDS}); "
            "treat these figures as noise"
        )
    english = not (len(tokens) >= MIN_WORDS_FOR_LANGUAGE and english_share(tokens) < 0.15)
    if not english:
        warnings.append("this does not look like English: the model only knows English and its figures mean little here")
    if written:
        warnings.append(WRITTEN_TEXT_WARNING)
    # The cue words are English: other languages get the warning, not figures.
    words = text.split() if english else []
    content = content_measures(words, question=question, job_terms=job_terms) if english else None
    if progress is not None:
        progress(1.0)
    return TextResult(
        traits={t: round(float(p), 4) for t, p in zip(TRAITS, probabilities)},
        top_words=top_words(tokens, n_words),
        word_count=len(tokens),
        sentence_count=sentence_count(text),
        source=source_name,
        model_version=getattr(model, "version", ""),
        warnings=warnings,
        content=content,
        words=words,
    )
