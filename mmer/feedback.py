"""Every sentence a user reads about a result, written in one place: coaching on delivery, how
face and voice agreed, what happened at a moment of the replay, how far to trust each model, and
the limits and privacy wording. The dashboard, the reports and the CLI call these; nothing else
writes feedback, so the app and a report never say the same thing two ways.

Each function takes measured figures (plain data from a result) and returns plain text; HTML is
the caller's business.

>>> from mmer import feedback
>>> feedback.pace_sentence(175.0, speaking_seconds=30.0)
'You spoke at 175 words per minute; 130-160 is easier to follow.'
>>> feedback.agreement_sentence({"share_agreeing": 0.25, "seconds_compared": 12})
'Face and voice named the same emotion in 25% of the 12 seconds compared: they often differ, and neither is your "true" emotion.'
"""

from __future__ import annotations

from .errors import InvalidArgumentError
from .speech import delivery as d

#: What every figure is worth: said at the top of the app and of every report, and beside figures.
LIMITS = ("These models were trained on posed photos, acted voices and other people's spoken answers. They are weak "
          "on real interviews and can be wrong about anyone: use the feedback to practise, never to judge a person.")

#: The short form beside each "How reliable is this?" note.
NEVER_JUDGE = "Use it to practise, never to judge anyone."

#: What a report says about privacy, whatever made it.
REPORT_PRIVACY = ("This report was made on the computer that ran MMER; nothing was sent anywhere else. It contains the "
                  "words of your answers but no recording: keep it as private as you would your notes. Only summary "
                  "figures are stored for comparison with other candidates, without your name, and \"Delete my "
                  "results\" in the app removes them.")

#: What the app says about privacy before consent.
APP_PRIVACY = ("Everything is processed on this machine. The camera and microphone are switched on only after you agree "
               "below, only while an answer that needs them is on screen, and off again after each take. Your recordings "
               "are analysed and then discarded, unless you tick \"keep my recordings\". Only the summary figures of each "
               "analysis (for example \"45% neutral\") are stored, without your name, so that later candidates can "
               "compare with you; you can delete yours at any time with the button at the bottom.")

#: The modalities a reliability note is written for: a result's ``kind`` (and ``"speech"`` for the transcript).
RELIABILITY_KINDS = ("video", "audio", "text", "speech")


# -- coaching -------------------------------------------------------------------------------------------
def pace_sentence(words_per_minute: float, speaking_seconds: float) -> str | None:
    """The pace against :data:`mmer.speech.delivery.PACE_RANGE` (None under 5 s of speech)."""
    if speaking_seconds < 5:
        return None
    low, high = d.PACE_RANGE
    if words_per_minute > high:
        return f"You spoke at {words_per_minute:.0f} words per minute; {low}-{high} is easier to follow."
    if words_per_minute < low:
        return (f"You spoke at {words_per_minute:.0f} words per minute; {low}-{high} is the pace of lectures and "
                "radio, and slower can sound hesitant.")
    return f"You spoke at {words_per_minute:.0f} words per minute, an easy pace to follow ({low}-{high})."


def coaching(delivery: dict, duration: float, audio_quality: dict | None = None) -> list[str]:
    """Plain sentences built only from what was measured (an answer's ``delivery`` and
    ``audio_quality``), in the order a coach would say them.

    >>> coaching({"words_per_minute": 140.0, "speaking_seconds": 20.0, "long_pauses": [],
    ...           "filler_words": [], "fillers_per_minute": 0.0, "face_in_view": 1.0, "facing_camera": 0.5}, 25.0)
    ['You spoke at 140 words per minute, an easy pace to follow (130-160).', 'Your answer lasted 25 s; interview answers usually take 30 s to 2 minutes (situation, what you did, the result).', 'You faced the camera 50% of the time: looking at it reads as eye contact.']
    """
    sentences = list(audio_advice(audio_quality)) if audio_quality else []
    pace = pace_sentence(delivery["words_per_minute"], delivery["speaking_seconds"])
    if pace:
        sentences.append(pace)
    if delivery["long_pauses"]:
        sentences.append(_pauses_sentence(delivery["long_pauses"]))
    if delivery["fillers_per_minute"] > d.FILLERS_PER_MINUTE_NOTICEABLE:
        sentences.append(_fillers_sentence(delivery))
    length = _length_sentence(duration)
    if length:
        sentences.append(length)
    in_view, facing = delivery.get("face_in_view"), delivery.get("facing_camera")
    if in_view is not None and in_view < IN_VIEW_ENOUGH:
        sentences.append(_in_view_sentence(in_view))
    elif facing is not None and facing < FACING_ENOUGH:
        sentences.append(_facing_sentence(facing))
    return sentences


#: Below these shares of the time, the face in view and facing the camera get advice.
IN_VIEW_ENOUGH, FACING_ENOUGH = 0.8, 0.7


def _fillers_sentence(delivery: dict) -> str:
    return (f"You used {len(delivery['filler_words'])} filler word(s) ({delivery['fillers_per_minute']:.0f} per minute); "
            "a short silent pause works better.")


def _pauses_sentence(pauses: list[dict]) -> str:
    longest = max(p["seconds"] for p in pauses)
    return (f"You paused for {d.LONG_PAUSE_SECONDS:g} s or more {len(pauses)} time{'s' * (len(pauses) != 1)} "
            f"(longest {longest:.1f} s).")


def _length_sentence(duration: float) -> str | None:
    """The answer's length against :data:`mmer.speech.delivery.ANSWER_SECONDS_RANGE` (None within it)."""
    low, high = d.ANSWER_SECONDS_RANGE
    if duration < low:
        return (f"Your answer lasted {duration:.0f} s; interview answers usually take {low} s to {high // 60} minutes "
                "(situation, what you did, the result).")
    if duration > high:
        return f"Your answer lasted {duration / 60:.1f} minutes; try to stay under {high // 60}."
    return None


def _in_view_sentence(in_view: float) -> str:
    advice = ": sit centred in front of the camera." if in_view < IN_VIEW_ENOUGH else "."
    return f"Your face was in view {in_view:.0%} of the time{advice}"


def _facing_sentence(facing: float) -> str:
    advice = ": looking at it reads as eye contact." if facing < FACING_ENOUGH else "."
    return f"You faced the camera {facing:.0%} of the time{advice}"


def audio_advice(quality: dict) -> list[str]:
    """What to change about the recording itself, from :func:`mmer.speech.delivery.audio_quality`'s
    figures (clipping, speech level, background noise).

    >>> audio_advice({"clipped_share": 0.0, "speech_dbfs": -55.0, "noise_dbfs": -70.0, "snr_db": 15.0})
    ['Your voice is very quiet: move closer to the microphone or raise its volume.']
    """
    if quality.get("speech_dbfs") is None:
        return ["The recording holds no sound."]
    advice = []
    clipped = quality.get("clipped_share") or 0.0
    if clipped > d.CLIPPED_SHARE_LIMIT:
        advice.append(f"The sound is distorted ({clipped:.1%} of it clipped): move back from the microphone or lower "
                      "its volume.")
    if quality["speech_dbfs"] < d.QUIET_SPEECH_DBFS:
        advice.append("Your voice is very quiet: move closer to the microphone or raise its volume.")
    elif quality["snr_db"] < d.NOISY_SNR_DB:
        advice.append(f"There is a lot of background noise (your voice is only {quality['snr_db']:.0f} dB above it): "
                      "find a quieter room.")
    return advice


# -- face and voice, and a moment of the replay -----------------------------------------------------------
def agreement_sentence(agreement: dict | None) -> str | None:
    """How often face and voice named the same emotion (an answer's ``agreement``), or None when
    they were never compared."""
    if not agreement or agreement.get("share_agreeing") is None:
        return None
    n = agreement["seconds_compared"]
    return (f"Face and voice named the same emotion in {agreement['share_agreeing']:.0%} of the {n} second"
            f"{'s' * (n != 1)} compared: they often differ, and neither is your \"true\" emotion.")


def moment_sentence(moment) -> str:
    """What face, voice and words were doing at one moment (:meth:`mmer.AnswerResult.at`), in one line.

    >>> from mmer.results import Moment
    >>> moment_sentence(Moment(time=2.34, face="happy", voice=None, word="team", words="the team"))
    'At 2.3 s: face happy, voice -, saying "team".'
    """
    parts = []
    if moment.has_face:
        parts.append(f"face {moment.face or '-'}")
    if moment.has_voice:
        parts.append(f"voice {moment.voice or '-'}")
    parts.append(f'saying "{moment.word}"' if moment.word else "no word")
    return f"At {moment.time:.1f} s: " + ", ".join(parts) + "."


# -- how far to trust each model ---------------------------------------------------------------------------
def reliability_note(modality) -> str:
    """One sentence on how far to trust the model behind a modality, from the figures in its model
    card's metrics file. ``modality`` is ``"video"``, ``"audio"``, ``"text"`` (a result's ``kind``,
    or a result itself) or ``"speech"`` (the transcript).

    >>> import mmer
    >>> mmer.reliability_note("text")  # doctest: +ELLIPSIS
    'On short spoken answers by people it never saw, this model guesses each trait ...'
    """
    from .models import model_card_metrics

    modality = getattr(modality, "kind", modality)
    if modality not in _RELIABILITY:
        raise InvalidArgumentError(f"unknown modality {modality!r}: use one of {', '.join(RELIABILITY_KINDS)}")
    card, section, sentence = _RELIABILITY[modality]
    m = model_card_metrics(card)
    m = m.get(section) if section else m
    if not m:
        return "The speech recogniser has not been evaluated." if modality == "speech" else "This model has not been evaluated."
    return sentence(m)


#: Per modality: the model card's metrics file, the section of it that is quoted, and the sentence.
_RELIABILITY = {
    "video": ("face_emotion", None, lambda m: (
        f"On posed FER2013 test photos this model is right {m['accuracy']:.0%} of the time "
        f"({m['balanced_accuracy']:.0%} averaged over the 7 emotions); on webcam interviews it is less reliable.")),
    "audio": ("voice_emotion", "loso_ravdess", lambda m: (
        f"On acted English sentences by speakers it never heard, this model is right {m['accuracy']:.0%} "
        f"of the time ({m['balanced_accuracy']:.0%} averaged over the 7 emotions); on spontaneous interview "
        "answers, other languages and laptop microphones it is much less reliable.")),
    "text": ("bigfive_text", "validation", lambda m: (
        f"On short spoken answers by people it never saw, this model guesses each trait as listeners rated it "
        f"{m['mean_accuracy']:.0%} of the time on average, where always guessing the commoner answer gives "
        f"{m['mean_majority_baseline']:.0%}: treat it as a hint, not a measure. On written text it is no better "
        "than chance.")),
    "speech": ("speech_recognition", "long", lambda m: (
        f"The transcript comes from offline speech recognition (Whisper tiny.en), which got {m['wer']:.0%} of "
        "the words wrong in long acted English answers; accents and noise make it worse.")),
}


def reliability(kinds) -> str:
    """The reliability notes of ``kinds`` (any of :data:`RELIABILITY_KINDS`), in one paragraph."""
    return " ".join(reliability_note(k) for k in RELIABILITY_KINDS if k in set(kinds))


#: What each chart shows, in the key of a report.
CHART_MEANINGS = {
    "shares": "Share of time per emotion: for each analysed moment (a video frame with a face, or 3 s of speech), the "
              "emotion the model found most likely; the bars count how often each one was. Black marks: other "
              "candidates' mean.",
    "timeline": "Emotions over time: the probability (0 to 100%) the model gives each emotion at each moment.",
    "band": "Face and voice, second by second: each second in the colour of the emotion the model read most "
            "(light grey: no face seen, or nothing said).",
    "pace": "Pace: words per minute over the answer; grey spans are long pauses, red diamonds filler words "
            "(um, uh, er...).",
    "traits": "Perceived traits: for each Big Five trait, the probability that a listener would rate you high on it "
              "from what you said (five independent probabilities, they do not add up to 100%).",
}


# -- what was said (mmer.text.content) -------------------------------------------------------------
#: What each content measure is, in one line (shown beside its figure).
CONTENT_DEFINITIONS = {
    "star_parts": "Parts of a structured answer we found words for: the situation, what you did, the result (0 to 3).",
    "specifics_share": "Share of your sentences with a concrete detail: a number, an amount, a duration or a name.",
    "hedges_per_100_words": "Words that soften a claim (I think, maybe, kind of, just...) per 100 words.",
    "we_share": "Of your 'I' and 'we' words, the share that were 'we'.",
    "vocabulary_variety": "How varied your words were: the share of different words in each stretch of 50 "
                          "(1.0: no word said twice).",
    "repeated_phrases": "Phrases you said three times or more.",
    "question_terms": "Words of the question that your answer used.",
    "job_terms": "Terms of the chosen role that your answer used.",
}
#: What a highlight in the transcript marks (its tooltip and the key under the transcript).
HIGHLIGHT_MEANINGS = {
    "filler": "filler word", "hedge": "softens a claim", "specific": "a concrete detail", "situation": "sets the scene",
    "action": "what you did", "result": "what came of it", "job": "a term of the job", "question": "the question's words",
    "repeat": "said three times or more",
}
#: The STAR parts in the words a candidate reads, and what to add when one is missing.
_PARTS = {"situation": ("the situation", "set the scene in a sentence: when, where, what was at stake"),
          "action": ("what you did", "say what you did yourself: 'I' and a verb of doing"),
          "result": ("the result", "end with what came of it, with a figure if you have one")}
#: Below this share of sentences with a concrete detail, a takeaway suggests one (MMER's choice:
#: no published range exists).
FEW_SPECIFICS = 0.3
#: From this many hedges per 100 words, a takeaway names them (MMER's choice, no published range).
MANY_HEDGES = 3.0


def content_takeaways(content: dict | None) -> list[str]:
    """Two or three sentences about what was said, from :func:`mmer.text.content.content_measures`:
    the structure found (never a grade), concrete details, hedges, then repetition.

    >>> content_takeaways({"structure": {"situation": [0], "action": [1]}, "star_parts": 2, "sentences": [[0, 9]] * 4,
    ...                    "specifics_share": 0.5, "hedges_per_100_words": 4.0, "repeated_phrases": []})[0]
    'We found words that usually signal the situation and what you did, but none for the result: end with what came of it, with a figure if you have one.'
    """
    if not content or not content.get("sentences"):
        return []
    found = [p for p in _PARTS if p in content["structure"]]
    missing = [p for p in _PARTS if p not in content["structure"]]
    named = " and ".join(_PARTS[p][0] for p in found)
    if not found:
        sentences = ["We found no words that usually signal a situation, what you did or a result: tell one real "
                     "example in that order."]
    elif not missing:
        sentences = [f"We found words that usually signal {', '.join(_PARTS[p][0] for p in found[:-1])} and "
                     f"{_PARTS[found[-1]][0]}: the shape interviewers look for."]
    else:
        sentences = [f"We found words that usually signal {named}, but none for {_PARTS[missing[0]][0]}: "
                     f"{_PARTS[missing[0]][1]}."]
    total = len(content["sentences"])
    with_detail = round(content["specifics_share"] * total)
    if content["specifics_share"] < FEW_SPECIFICS:
        sentences.append(f"{with_detail} of your {total} sentence{'s' * (total != 1)} had a concrete detail (a number, "
                         "a name, a duration): one makes a claim believable.")
    if content["hedges_per_100_words"] >= MANY_HEDGES:
        sentences.append(f"You softened your claims {content['hedges_per_100_words']:.0f} times per 100 words (I think, "
                         "maybe, kind of...): say what you did plainly.")
    elif content["repeated_phrases"]:
        top = max(content["repeated_phrases"], key=lambda p: p["count"])
        sentences.append(f"You said \u201c{top['phrase']}\u201d {top['count']} times.")
    return sentences[:3]


# -- the answer at a glance ----------------------------------------------------------------------------
def takeaways(answer) -> list[str]:
    """Three to five plain sentences that answer "how did I do?" for a spoken answer
    (:class:`mmer.AnswerResult`), from its measures, most telling first: what was said (its
    structure), the pace, fillers or pauses or length, what the face and voice models read, and
    one concrete point about the words. Every figure is in the details below them.

    >>> from mmer.examples import example_answer
    >>> for sentence in takeaways(example_answer(30.0)):
    ...     print(sentence)
    We found words that usually signal the situation, what you did and the result: the shape interviewers look for.
    You spoke at 122 words per minute; 130-160 is the pace of lectures and radio, and slower can sound hesitant.
    You used 2 filler word(s) (5 per minute); a short silent pause works better.
    The models read your face as mostly neutral and your voice as mostly neutral (a reading, not your feelings).
    """
    sentences, content = [], answer.content
    said = content_takeaways(content)
    if said:
        sentences.append(said[0])
    delivery = answer.delivery
    if answer.words:
        pace = pace_sentence(delivery["words_per_minute"], delivery["speaking_seconds"])
        if pace:
            sentences.append(pace)
    if delivery["fillers_per_minute"] > d.FILLERS_PER_MINUTE_NOTICEABLE:
        sentences.append(_fillers_sentence(delivery))
    elif len(delivery["long_pauses"]) >= 3:
        sentences.append(_pauses_sentence(delivery["long_pauses"]))
    elif length := _length_sentence(answer.duration):
        sentences.append(length)
    read = []
    if answer.video is not None:
        read.append(f"your face as mostly {answer.video.dominant_emotion}")
    if answer.audio is not None:
        read.append(f"your voice as mostly {answer.audio.dominant_emotion}")
    if read:
        sentences.append(f"The models read {' and '.join(read)} (a reading, not your feelings).")
    if len(said) > 1 and len(sentences) < 5:
        sentences.append(said[1])
    in_view, facing = delivery.get("face_in_view"), delivery.get("facing_camera")
    if len(sentences) < 3 and facing is not None:
        sentences.append(_facing_sentence(facing))
    if len(sentences) < 3 and in_view is not None:
        sentences.append(_in_view_sentence(in_view))
    return sentences[:5]


# -- on a class's JupyterHub ------------------------------------------------------------------------
#: The practice panel of a student signed in to a class hub (no practice code: the login keeps them).
PRACTICE_UNDER_LOGIN = ("Your mock interviews are kept under your course login, {login}, and come back whenever you "
                        "open MMER on the hub. Only you can see them; your teacher sees the class's summary figures, "
                        "never your answers. <i>Delete my results</i> deletes everything kept under your login.")


# -- while the candidate answers -----------------------------------------------------------------------
#: What was said about a live answer that could not be streamed (the whole recording is analysed).
LIVE_UNAVAILABLE = ("Live cues are not available here ({reason}). Nothing is lost: your whole recording is analysed "
                    "as soon as you stop.")
#: ... and about an answer recorded while the server was too busy to analyse it live.
LIVE_BUSY = ("No live cues this time: the server is busy with other answers. Nothing is lost: your whole recording "
             "is analysed as soon as you stop.")


def _clock(seconds: float) -> str:
    return f"{int(seconds) // 60}:{int(seconds) % 60:02d}"


def live_cues(cues: dict, face: bool = True) -> list[str]:
    """The live cues under the camera's preview as short, calm phrases, from
    :meth:`mmer.LiveAnswer.cues` (without the face's phrase for an audio answer). They state
    where the answer is, against the usual ranges, and never alarm: nothing is judged before the end.

    >>> live_cues({"seconds": 23.4, "words": 50, "words_per_minute": 171, "fillers": 1,
    ...            "face_in_view": 1.0, "facing_camera": 0.9, "level_dbfs": -25.0})
    ['0:23 spoken (answers usually take 0:30 to 2:00)', 'pace 171 words a minute over the last 20 s, a little fast (130-160 is easy to follow)', '1 filler so far', 'face in view, facing the camera']
    """
    from .live import MIN_PACE_SECONDS, PACE_SECONDS

    low, high = d.ANSWER_SECONDS_RANGE
    phrases = [f"{_clock(cues['seconds'])} spoken (answers usually take {_clock(low)} to {_clock(high)})"]
    pace = cues["words_per_minute"]
    # No quick words while the server's cores are busy (mmer.live.BUSY_CPU_PRESSURE).
    words_wait = pace is None and bool(cues.get("machine_busy"))
    if words_wait:
        phrases.append("pace and fillers after your answer (the server is busy)")
    elif pace is None:
        phrases.append(f"pace shown after the first {MIN_PACE_SECONDS:.0f} s of words")
    else:
        slow, fast = d.PACE_RANGE
        how = ", a little fast" if pace > fast else ", a little slow" if pace < slow else ""
        phrases.append(f"pace {pace:.0f} words a minute over the last {PACE_SECONDS:.0f} s{how} "
                       f"({slow}-{fast} is easy to follow)")
    fillers = cues["fillers"]
    if not words_wait:
        phrases.append("no fillers so far" if not fillers else f"{fillers} filler{'s' * (fillers != 1)} so far")
    if face:
        in_view, facing = cues["face_in_view"], cues["facing_camera"]
        if in_view is None:
            phrases.append("looking for your face")
        elif in_view < IN_VIEW_ENOUGH:
            phrases.append("face partly out of view: sit centred")
        elif facing is not None and facing < FACING_ENOUGH:
            phrases.append("face in view; look at the camera now and then")
        else:
            phrases.append("face in view, facing the camera")
    return phrases
