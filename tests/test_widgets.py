"""The upload dashboard's behaviour, without a browser: consent gating, errors, results."""

import datetime

import bqplot

from widgets.video_upload import VideoUploadApp


def _upload(app, name, content):
    app.upload.value = ({"name": name, "type": "video/webm", "size": len(content), "content": memoryview(content),
                         "last_modified": datetime.datetime.now(datetime.timezone.utc)},)


def test_consent_gates_the_upload(face_webm):
    app = VideoUploadApp()
    assert app.upload.disabled and app.analyse_button.disabled
    assert app.analyse_upload() is None and "consent" in app.status.value
    app.consent.value = True
    assert not app.upload.disabled
    _upload(app, "answer.webm", face_webm.read_bytes())
    assert not app.analyse_button.disabled
    result = app.analyse_upload()
    assert result is not None and result.dominant_emotion == "happy"
    assert any(isinstance(c, bqplot.Figure) for c in app.results.children)
    assert "Done" in app.status.value


def test_bad_upload_gives_a_plain_message_and_keeps_the_file():
    app = VideoUploadApp()
    app.consent.value = True
    _upload(app, "cv.docx", b"PK\x03\x04 this is a word document")
    assert app.analyse_upload() is None
    assert "not a video" in app.status.value and "Traceback" not in app.status.value
    assert app.upload.value[0]["name"] == "cv.docx"  # nothing the user entered is lost
    assert app.results.children == ()


def test_no_face_message():
    import numpy as np

    from mmer.testing import write_video

    app = VideoUploadApp()
    app.consent.value = True
    assert app.analyse_bytes(write_video([np.full((240, 320, 3), 90, np.uint8)] * 4), "dark.webm") is None
    assert "no face found" in app.status.value
