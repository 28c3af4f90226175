"""Speech: offline speech recognition with word timings (:mod:`mmer.speech.asr`) and the
delivery measures of a spoken answer (:mod:`mmer.speech.delivery`)."""
