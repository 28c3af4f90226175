"""Class names shared by every modality, in the one order used everywhere (charts included)."""

#: The seven emotions of FER2013, in the order of its numeric codes (0..6) in ``fer2013.csv``.
FER2013_ORDER = ("angry", "disgust", "fear", "happy", "sad", "surprise", "neutral")

#: Emotion classes, in the order models output them and charts draw them.
EMOTIONS = FER2013_ORDER

#: One colour per emotion, used by every chart so a class always looks the same.
EMOTION_COLORS = {
    "angry": "#d62728",
    "disgust": "#8c564b",
    "fear": "#9467bd",
    "happy": "#ffbf00",
    "sad": "#1f77b4",
    "surprise": "#17becf",
    "neutral": "#7f7f7f",
}

#: Big Five traits, in the usual OCEAN order.
TRAITS = ("openness", "conscientiousness", "extraversion", "agreeableness", "neuroticism")

#: What each trait means, in the words the app shows next to its bar. "Perceived": how a listener
#: or reader rates the speaker, not a personality test. Neuroticism is the opposite of emotional
#: stability (First Impressions publishes stability under that name; mmer turns it around).
TRAIT_MEANINGS = {
    "openness": "curious, imaginative, open to new ideas",
    "conscientiousness": "organised, dependable, careful",
    "extraversion": "outgoing, energetic, talkative",
    "agreeableness": "friendly, warm, cooperative",
    "neuroticism": "tense or anxious; the opposite of emotionally stable",
}

#: One colour per trait, in the app's charts and in reports.
TRAIT_COLORS = {
    "openness": "#2ca02c",
    "conscientiousness": "#1f77b4",
    "extraversion": "#ff7f0e",
    "agreeableness": "#e377c2",
    "neuroticism": "#7f7f7f",
}

#: The kinds of input an analysis reads, one word each, used everywhere: result ``kind``, the
#: store's ``modality`` column, :func:`mmer.reliability_note`, the CLI and the dashboard.
MODALITIES = ("video", "audio", "text")

#: What the store's ``modality`` column holds: the three modalities and ``"answer"``, the
#: delivery measures of a spoken answer (pace, pauses, fillers), each compared between candidates.
STORED_KINDS = (*MODALITIES, "answer")
