"""Video interview from an uploaded recording: consent, upload, analysis, results.

UI only: the analysis is :func:`mmer.analyze_video`; the charts are :mod:`widgets.charts`.
"""

from __future__ import annotations

import html

import ipywidgets as w

from mmer.errors import MMERError

from .charts import emotion_bars, emotion_timeline

QUESTION = "Tell us about the last time you showed leadership."
# Above this many frames a clip is sampled so results come back in a few seconds.
MAX_FRAMES = 450


def _message(text: str, kind: str = "info") -> str:
    colours = {"info": "#1f4e79", "error": "#b00020", "ok": "#1b5e20"}
    return f'<p style="color:{colours[kind]};font-size:1.05em">{html.escape(text)}</p>'


class VideoUploadApp(w.VBox):
    """The widget tree; ``VideoUploadApp().analyse_bytes(data, name)`` is what the button calls."""

    def __init__(self, analyze=None, reliability: str = ""):
        import mmer

        self._analyze = analyze or mmer.analyze_video
        self.consent = w.Checkbox(
            value=False,
            description="I agree that my recording is analysed on this machine (it is not stored).",
            indent=False,
            layout={"width": "auto"},
        )
        self.upload = w.FileUpload(accept="video/*,image/*,.webm,.mp4,.avi,.mov", multiple=False,
                                   description="Choose a video", disabled=True)
        self.analyse_button = w.Button(description="Analyse", button_style="primary", disabled=True, icon="play")
        self.progress = w.FloatProgress(value=0.0, min=0.0, max=1.0, description="Analysis", layout={"visibility": "hidden"})
        self.status = w.HTML()
        self.results = w.VBox()
        self.last_result = None

        self.consent.observe(self._on_consent, "value")
        self.upload.observe(self._on_upload, "value")
        self.analyse_button.on_click(lambda _: self.analyse_upload())

        intro = w.HTML(
            "<h2>Video Interview</h2>"
            "<p>Answer the question below on video, then upload the recording to get feedback on how our "
            "algorithm interprets your facial emotions (angry, disgust, fear, happy, sad, surprise, neutral) "
            "over time.</p>"
            f"<p><b>Question:</b> {html.escape(QUESTION)}</p>"
            "<p><small>Everything is processed on this machine; the recording is discarded after the analysis. "
            "These models are weak on real interviews: use the feedback to practise, never to judge anyone."
            f"{' ' + html.escape(reliability) if reliability else ''}</small></p>"
        )
        super().__init__([intro, self.consent, w.HBox([self.upload, self.analyse_button]), self.progress,
                          self.status, self.results])

    # -- events --------------------------------------------------------------------------------
    def _on_consent(self, change):
        self.upload.disabled = not change["new"]
        self.analyse_button.disabled = not (change["new"] and self.upload.value)
        if not change["new"]:
            self.status.value = _message("Tick the consent box to choose a recording.")

    def _on_upload(self, change):
        self.analyse_button.disabled = not (self.consent.value and change["new"])
        if change["new"]:
            f = change["new"][0]
            self.status.value = _message(f"Ready to analyse {f['name']} ({f['size'] / 1e6:.1f} MB).")

    def analyse_upload(self):
        if not self.consent.value:
            self.status.value = _message("Please tick the consent box first.", "error")
            return None
        if not self.upload.value:
            self.status.value = _message("Choose a video file first.", "error")
            return None
        f = self.upload.value[0]
        return self.analyse_bytes(bytes(f["content"]), f["name"])

    def analyse_bytes(self, data: bytes, name: str = "recording"):
        """Analyse ``data``, show results or a plain message; returns the result or None."""
        from mmer.media import looks_like_image, video_info

        self.results.children = []
        self.progress.value = 0.0
        self.progress.layout.visibility = "visible"
        self.status.value = _message(f"Analysing {name}...")
        every = 1
        try:
            if not looks_like_image(data):
                info = video_info(data)
                frames = info.frame_count or ((info.duration or 0) * (info.fps or 30))
                every = max(1, int(-(-frames // MAX_FRAMES)))
            result = self._analyze(data, every=every, progress=self._set_progress)
        except MMERError as exc:
            self.status.value = _message(str(exc), "error")
            return None
        except Exception as exc:  # never a traceback in the app; the message still says what failed
            self.status.value = _message(f"The analysis failed unexpectedly: {exc}", "error")
            return None
        finally:
            self.progress.layout.visibility = "hidden"
        self.last_result = result
        self.show(result)
        sampled = f" (one frame in {every} analysed, to answer quickly)" if every > 1 else ""
        self.status.value = _message(f"Done: {result.frames_analysed} frames analysed{sampled}.", "ok")
        return result

    def _set_progress(self, fraction: float):
        self.progress.value = fraction

    def show(self, result):
        summary = result.summary
        lines = [f"<h3>Dominant emotion: {html.escape(str(summary['dominant_emotion']))}</h3>",
                 f"<p>{summary['frames_with_face']} of {summary['frames_analysed']} frames show a face.</p>"]
        lines += [f'<p style="color:#8a6d00">{html.escape(x)}</p>' for x in result.warnings]
        charts = [w.HTML("".join(lines)), emotion_bars(summary["shares"])]
        if result.frames_analysed > 1:
            charts.append(emotion_timeline([f.time for f in result.frames], [f.probabilities for f in result.frames]))
        self.results.children = charts
