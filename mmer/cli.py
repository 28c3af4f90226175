"""The ``mmer`` command line: analyse, evaluate and train, per modality.

    mmer analyze video FILE [--fast] [--every N] [--max-fps F] [--json]
    mmer analyze image FILE [--json]
    mmer analyze audio FILE [--window S] [--hop S] [--json]
    mmer analyze text FILE|- [--question Q] [--role R] [--json]   or   mmer analyze text --text "..."
    mmer analyze answer FILE [--fast] [--question Q] [--role R] [--json]
    mmer evaluate face --data PATH [--split NAME] [--json]
    mmer evaluate voice --data PATH [--data PATH...] [--json]
    mmer evaluate text --data FIRST_IMPRESSIONS_DIR|essays.csv [--split NAME] [--json]
    mmer train face --data DIR [--epochs N] [--epochs-this-run N] [--teacher MODEL.onnx --init-from CKPT] [--out DIR]
    mmer train face-ensemble MODEL.onnx MODEL.onnx... [--both-views] [--out DIR]
    mmer train face-int8 MODEL.onnx --data DIR [--out DIR]
    mmer train voice --data DIR [--data DIR...] [--out DIR]
    mmer train text --data FIRST_IMPRESSIONS_DIR|essays.csv [--split NAME] [--out DIR]
    mmer batch DIR --out results.parquet [--scheduler tcp://HOST:PORT] [--workers N] [--fast]
    mmer store import FILE.csv|results.parquet | export FILE.csv | stats | delete SESSION_ID   [--url URL]
    mmer report RESULT.json... --out FILE.html|FILE.pdf [--question TEXT...] [--url URL | --no-compare]

Errors the user can cause (every :class:`mmer.MMERError`) print one line ``mmer: error: ...``
and exit with status 2; anything else is a bug and shows its traceback.
"""

from __future__ import annotations

import argparse
import json
import logging
import os
import contextlib
import sys
import warnings
from pathlib import Path


@contextlib.contextmanager
def tqdm_progress(description: str = "", disable: bool = False):
    """A tqdm bar on stderr (shown on a terminal only), as the ``progress(fraction_done)``
    callable every long mmer call takes."""
    from tqdm import tqdm

    with tqdm(total=100, unit="%", desc=description or None, disable=disable or not sys.stderr.isatty(),
              leave=False) as bar:

        def progress(fraction):
            bar.update(round(fraction * 100) - bar.n)

        yield progress


def _analyze(args) -> int:
    """Run one analysis with a progress bar on a terminal, print its result."""
    import mmer

    analyze = getattr(mmer, f"analyze_{args.modality}")
    options = {name: getattr(args, name) for name in ("fast", "every", "max_fps", "window", "hop", "question", "role")
               if hasattr(args, name)}
    if args.modality == "text":
        source = sys.stdin.read() if args.file == "-" else args.text if args.text is not None else Path(args.file)
    else:
        source = Path(args.file)
    with tqdm_progress(disable=args.json) as progress:
        result = analyze(source, progress=progress, **options)
    print(result.to_json() if args.json else result)
    return 0


def _evaluate_face(args) -> int:
    from .face.evaluate import evaluate_face, format_report

    with tqdm_progress("images", disable=args.json) as progress:
        report = evaluate_face(args.data, split=args.split, max_per_class=args.max_per_class, progress=progress)
    if args.json:
        print(json.dumps(report))
    else:
        print(format_report(report))
    return 0


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be 1 or more, not {value}")
    return value


def _train_face(args) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    from .face.train import train_face_model

    history = train_face_model(
        args.data,
        out_dir=args.out,
        epochs=args.epochs,
        batch_size=args.batch_size,
        max_per_class=args.max_per_class,
        checkpoint_dir=args.checkpoint_dir,
        epochs_this_run=args.epochs_this_run,
        seed=args.seed,
        learning_rate=args.learning_rate,
        teacher=args.teacher,
        soft_weight=args.soft_weight,
        temperature=args.temperature,
        init_from=args.init_from,
        verbose=2,
    )
    done = len(history["loss"])
    where = f"model written to {args.out}/face_emotion.onnx" if done >= args.epochs else (
        f"run again with the same arguments to continue to epoch {args.epochs}"
    )
    print(f"trained {done} epochs; last validation accuracy {history['val_accuracy'][-1]:.3f}; {where}")
    return 0


def _train_face_ensemble(args) -> int:
    from .face.ensemble import average_onnx_models
    from .models import FACE_EMOTION_FILE

    out = average_onnx_models(args.models, Path(args.out) / FACE_EMOTION_FILE, mirror_alternate=not args.both_views)
    print(f"mean of {len(args.models)} models written to {out} ({out.stat().st_size / 1e6:.1f} MB)")
    return 0


def _train_face_int8(args) -> int:
    from .face.data import load_fer
    from .face.quantize import agreement, calibration_faces, quantize_face_model

    # Calibration and the check both use training images: the split reported on stays unseen.
    calibration = calibration_faces(args.data, args.split, per_class=args.calibration_per_class)
    out = quantize_face_model(args.model, Path(args.out) / args.name, calibration)
    check, _ = load_fer(args.data, args.split, max_per_class=300, seed=11)
    print(f"int8 model written to {out} ({out.stat().st_size / 1e6:.1f} MB); same class as {args.model} "
          f"on {agreement(args.model, out, check):.1%} of {len(check)} '{args.split}' faces")
    return 0


def _evaluate_voice(args) -> int:
    from .metrics import format_report
    from .voice.evaluate import evaluate_voice

    with tqdm_progress("features", disable=args.json) as progress:
        report = evaluate_voice(args.data, max_per_class=args.max_per_class, calm=args.calm, progress=progress)
    if args.json:
        print(json.dumps(report))
    else:
        print(format_report(report))
        print("by corpus:")
        for corpus, r in report["by_corpus"].items():
            print(f"  {corpus:<8} accuracy {r['accuracy']:.3f}, balanced {r['balanced_accuracy']:.3f} ({r['n']} clips)")
        print("by speaker: " + ", ".join(f"{s} {r['accuracy']:.2f} ({r['n']})" for s, r in report["per_speaker"].items()))
        if report["no_speech"]:
            print(f"{report['no_speech']} clips in which no speech was heard (counted as wrong)")
        if report["skipped"]:
            print(f"skipped {report['skipped']} clips: " + "; ".join(f"{n} {why}" for why, n in report["skipped_reasons"].items()))
    return 0


def _train_voice(args) -> int:
    from .metrics import format_report
    from .voice.train import train_voice_model

    with warnings.catch_warnings(), tqdm_progress("features", disable=args.json) as progress:
        # skl2onnx and scikit-learn 1.9 warn about SVC's deprecated probability attributes they read.
        warnings.simplefilter("ignore", FutureWarning)
        metrics = train_voice_model(
            *args.data, out_dir=args.out, evaluate=not args.no_eval, max_per_class=args.max_per_class,
            kind=args.classifier, C=args.C, calm=args.calm, progress=progress,
        )
    for key, report in metrics.items():
        if key.startswith("loso_"):
            print(f"== leave one speaker out, {key[5:]} ==")
            print(format_report(report))
            print("per speaker: " + ", ".join(f"{s} {a:.2f}" for s, a in report["per_speaker"].items()))
    print(f"model trained on {metrics['clips']} clips (C={metrics['C']}) written to {args.out}/voice_emotion.onnx",
          file=sys.stderr)
    if args.json:
        print(json.dumps(metrics))
    return 0


def _batch(args) -> int:
    import time

    from .batch import analyze_folder

    start = time.perf_counter()
    with tqdm_progress("analysing") as progress:
        table = analyze_folder(args.folder, args.out, scheduler=args.scheduler, workers=args.workers, fast=args.fast,
                               progress=progress)
    seconds = time.perf_counter() - start
    failed = table[table["error"] != ""]
    print(f"{len(table)} files in {args.out}: {len(table) - len(failed)} analysed, {len(failed)} failed "
          f"({seconds:.0f} s this run)")
    for row in failed.itertuples():
        print(f"  {row.path}: {row.error}")
    return 0


def _report(args) -> int:
    import time

    from .errors import InputNotFoundError
    from .report import as_session, report_format, write_report
    from .results import Result

    start = time.perf_counter()
    report_format(args.out)  # a wrong suffix is said before any work
    results = []
    for name in args.results:
        path = Path(name)
        if not path.is_file():
            raise InputNotFoundError(f"no such result file: {name} (write one with `mmer analyze ... --json > FILE`)")
        results.append(Result.from_json(path.read_text(encoding="utf-8", errors="replace")))
    session = as_session(results, args.question)
    others = {}
    if not args.no_compare:
        from .store import open_store

        others = open_store(args.url).compare(session)
    out = write_report(session, args.out, others=others)
    print(f"report of {len(session.answers)} answer{'s' * (len(session.answers) != 1)} written to {out} "
          f"({out.stat().st_size / 1024:.0f} KiB, {time.perf_counter() - start:.1f} s)")
    return 0


def _store(args) -> int:
    from .labels import MODALITIES, STORED_KINDS
    from .results import result_kinds
    from .store import open_store

    store = open_store(args.url)
    if args.action == "import":
        importer = store.import_batch if str(args.target).lower().endswith(".parquet") else store.import_csv
        print(f"imported {importer(args.target)} results into {store.display_url()}")
    elif args.action == "export":
        print(f"exported {store.export_csv(args.target)} results to {args.target}")
    elif args.action == "delete":
        print(f"deleted {store.delete_session(args.target)} results of session {args.target}")
    else:
        print(f"database: {store.display_url()}")
        score_names = {kind: cls.score_names for kind, cls in result_kinds().items()}
        for modality in STORED_KINDS:
            others = store.others(modality)
            if others is None:
                print(f"{modality}: no results yet")
                continue
            shown = "{:.0%}" if modality in MODALITIES else "{:.1f}"  # probabilities, or measures
            means = ", ".join(f"{n} {shown.format(others['scores'][n])}" for n in score_names[modality]
                              if others["scores"].get(n) is not None)
            common = f"most frequent: {others['headline']}; " if others.get("headline") else ""
            print(f"{modality}: {others['results']} results from {others['candidates']} candidates; "
                  f"{common}means: {means}")
    return 0


def _evaluate_text(args) -> int:
    from .text.data import load_trait_texts
    from .text.evaluate import evaluate_bigfive, format_bigfive_report

    data = load_trait_texts(args.data, split=args.split)
    report = evaluate_bigfive(data)
    report["data"] = f"{args.data} ({data.describe()})"
    print(json.dumps(report) if args.json else format_bigfive_report(report))
    return 0


def _train_text(args) -> int:
    from .text.data import is_first_impressions, load_trait_texts
    from .text.evaluate import cross_validate_bigfive, format_bigfive_report
    from .text.model import BigFiveModel

    split = args.split or ("training" if is_first_impressions(args.data) else None)
    data = load_trait_texts(args.data, split=split)
    print(data.describe(), file=sys.stderr)
    # With raw scores (First Impressions) regress them; with y/n labels only (essays), classify.
    target = "labels" if data.scores is None else "scores"
    if args.cv_repeats:
        report = cross_validate_bigfive(data.texts, data.Y, make_model=lambda: BigFiveModel(target=target),
                                        n_splits=args.cv_folds, n_repeats=args.cv_repeats, groups=data.groups,
                                        scores=data.scores)
        print(format_bigfive_report(report))
        if args.json:
            print(json.dumps(report))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    model = BigFiveModel(target=target).fit(data.texts, data.Y, groups=data.groups, scores=data.scores)
    model.save(out / "bigfive_text.json")
    print(f"model trained on {len(data)} texts written to {out / 'bigfive_text.json'}", file=sys.stderr)
    return 0


def _asked_options(parser) -> None:
    """What was said is measured against the question and the role (mmer.text.content)."""
    from .questions import ROLES

    parser.add_argument("--question", default="", help="the question answered (its words used are listed)")
    parser.add_argument("--role", choices=ROLES, help="the job the answer is for (its job terms used are listed)")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="mmer",
        description="Multimodal emotion recognition for interview practice (face, voice, text).",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__import__('mmer').__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    analyze = commands.add_parser("analyze", help="analyse a recording or a text").add_subparsers(
        dest="modality", required=True, metavar="MODALITY"
    )
    video = analyze.add_parser("video", help="facial emotions in a video (WebM, MP4, AVI, MOV)")
    video.add_argument("file", help="video file")
    video.add_argument("--fast", action="store_true",
                       help="2 frames per second with a smaller face detector, as the dashboard (default: every frame)")
    video.add_argument("--every", type=_positive_int, default=1, metavar="N", help="analyse one frame in N (default 1: every frame)")
    video.add_argument("--max-fps", type=float, metavar="F", help="analyse at most F frames per second of video")
    video.add_argument("--json", action="store_true", help="print the whole result as JSON")
    video.set_defaults(handler=_analyze)

    image = analyze.add_parser("image", help="facial emotion in a photo (JPEG, PNG, BMP, WebP, TIFF)")
    image.add_argument("file", help="image file")
    image.add_argument("--json", action="store_true", help="print the whole result as JSON")
    image.set_defaults(handler=_analyze)

    audio = analyze.add_parser("audio", help="vocal emotions in a recording (WebM/Opus, WAV, FLAC, OGG, MP3, MP4)")
    audio.add_argument("file", help="audio or video file")
    audio.add_argument("--window", type=float, default=3.0, metavar="S", help="window length in seconds (default 3)")
    audio.add_argument("--hop", type=float, default=1.0, metavar="S", help="seconds between window starts (default 1)")
    audio.add_argument("--json", action="store_true", help="print the whole result as JSON")
    audio.set_defaults(handler=_analyze)

    text = analyze.add_parser("text", help="perceived Big Five traits of an answer or a document (PDF, DOCX, TXT)")
    text.add_argument("file", nargs="?", help="PDF, DOCX, TXT or MD file; - reads the text from standard input")
    text.add_argument("--text", help="the answer itself, e.g. --text \"I led a team of...\"")
    text.add_argument("--json", action="store_true", help="print the whole result as JSON")
    _asked_options(text)
    text.set_defaults(handler=_analyze)

    answer = analyze.add_parser("answer", help="one recorded answer, every signal: face, voice, words, traits, delivery")
    answer.add_argument("file", help="video or audio recording (WebM, MP4, WAV, FLAC...)")
    answer.add_argument("--fast", action="store_true", help="2 video frames per second, as the dashboard (default: every frame)")
    answer.add_argument("--json", action="store_true", help="print the whole result as JSON")
    _asked_options(answer)
    answer.set_defaults(handler=_analyze)

    evaluate = commands.add_parser("evaluate", help="score a shipped model on labeled data").add_subparsers(
        dest="modality", required=True, metavar="MODALITY"
    )
    face = evaluate.add_parser("face", help="facial emotions on FER2013-format data (image folders or fer2013.csv)")
    face.add_argument("--data", required=True, help="class folders, a dataset root with split folders, or fer2013.csv")
    face.add_argument("--split", help="split folder name, or Usage value for fer2013.csv (default: the test rows)")
    face.add_argument("--max-per-class", type=int, metavar="N", help="evaluate on at most N images per class")
    face.add_argument("--json", action="store_true", help="print one JSON object (last line)")
    face.set_defaults(handler=_evaluate_face)

    evoice = evaluate.add_parser("voice", help="vocal emotions on EmoDB, TESS, RAVDESS, CREMA-D or SAVEE files")
    evoice.add_argument("--data", required=True, action="append", help="folder of labeled clips (repeatable)")
    evoice.add_argument("--max-per-class", type=int, metavar="N", help="at most N clips per class and corpus")
    evoice.add_argument("--calm", choices=("skip", "neutral"), default="skip", help="what RAVDESS calm clips become")
    evoice.add_argument("--json", action="store_true", help="print one JSON object (last line)")
    evoice.set_defaults(handler=_evaluate_voice)

    etext = evaluate.add_parser("text", help="Big Five traits on labeled texts (First Impressions folder or essays.csv)")
    etext.add_argument("--data", required=True, help="a First Impressions folder (the official .pkl files) or essays.csv")
    etext.add_argument("--split", help="First Impressions split (default validation)")
    etext.add_argument("--json", action="store_true", help="print one JSON object (last line)")
    etext.set_defaults(handler=_evaluate_text)

    train = commands.add_parser("train", help="train a model").add_subparsers(
        dest="modality", required=True, metavar="MODALITY"
    )
    tface = train.add_parser("face", help="train the facial-emotion CNN on FER2013 image folders")
    tface.add_argument("--data", required=True, help="root holding train/ and val/ class folders")
    tface.add_argument("--out", default="runs/face", help="where face_emotion.onnx is written (default runs/face; "
                                                          "never over the shipped models/ unless asked)")
    tface.add_argument("--epochs", type=_positive_int, default=24)
    tface.add_argument("--batch-size", type=int, default=64)
    tface.add_argument("--max-per-class", type=int, metavar="N", help="use at most N images per class (quick runs)")
    tface.add_argument("--checkpoint-dir", help="resumable checkpoints (default OUT/checkpoints)")
    tface.add_argument("--seed", type=int, default=0, help="initial weights and data order (default 0)")
    tface.add_argument("--epochs-this-run", type=_positive_int, metavar="N",
                       help="stop after N more epochs; the same command resumes (a long run in chunks)")
    tface.add_argument("--learning-rate", type=float, default=2e-3, help="peak learning rate (default 2e-3)")
    tface.add_argument("--teacher", metavar="MODEL.onnx",
                       help="distil: learn the probabilities of this model (e.g. an average from face-ensemble) "
                            "as well as the labels")
    tface.add_argument("--soft-weight", type=float, default=0.7,
                       help="with --teacher: weight of the teacher's probabilities in the targets (default 0.7)")
    tface.add_argument("--temperature", type=float, default=2.0,
                       help="with --teacher: soften its probabilities by this temperature (default 2)")
    tface.add_argument("--init-from", metavar="CHECKPOINT.keras",
                       help="start from a trained Keras checkpoint's weights instead of random ones")
    tface.set_defaults(handler=_train_face)
    tens = train.add_parser("face-ensemble", help="average trained face models into one ONNX file")
    tens.add_argument("models", nargs="+", metavar="MODEL", help="face_emotion.onnx files of separate trainings")
    tens.add_argument("--out", default="runs/face", help="where face_emotion.onnx is written (default runs/face)")
    tens.add_argument("--both-views", action="store_true",
                      help="every model sees the face and its mirror (twice the cost); default: "
                           "the 2nd, 4th... model sees the mirror, the others the face")
    tens.set_defaults(handler=_train_face_ensemble)
    tint8 = train.add_parser("face-int8", help="int8 convolutions for a face model (calibrated on training faces)")
    tint8.add_argument("model", metavar="MODEL", help="a face_emotion.onnx (one network or an average)")
    tint8.add_argument("--data", required=True, help="FER2013 root (image folders) or fer2013.csv")
    tint8.add_argument("--split", default="train", help="images to calibrate on (default train; never the one you report)")
    tint8.add_argument("--calibration-per-class", type=_positive_int, default=40, metavar="N")
    tint8.add_argument("--out", default="runs/face", help="output folder (default runs/face)")
    tint8.add_argument("--name", default="face_emotion.onnx", help="output file name (default face_emotion.onnx)")
    tint8.set_defaults(handler=_train_face_int8)
    tvoice = train.add_parser("voice", help="train the voice model (evaluates leaving one speaker out first)")
    tvoice.add_argument("--data", required=True, action="append", help="folder of labeled clips (repeatable)")
    tvoice.add_argument("--out", default="runs/voice", help="where voice_emotion.onnx is written (default runs/voice)")
    tvoice.add_argument("--classifier", choices=("logreg", "svm"), default=None,
                        help="classifier on the Whisper features (default: the shipped recipe)")
    tvoice.add_argument("--C", type=float, default=None, help="its regularisation (default: the shipped recipe)")
    tvoice.add_argument("--calm", choices=("skip", "neutral"), default="skip", help="what RAVDESS calm clips become")
    tvoice.add_argument("--max-per-class", type=int, metavar="N", help="at most N clips per class and corpus")
    tvoice.add_argument("--no-eval", action="store_true", help="skip the leave-one-speaker-out evaluation")
    tvoice.add_argument("--json", action="store_true", help="also print the metrics as JSON (last line)")
    tvoice.set_defaults(handler=_train_voice)
    ttext = train.add_parser("text", help="train the Big Five model (cross-validates first, grouped by author or video)")
    ttext.add_argument("--data", required=True, help="a First Impressions folder (the official .pkl files) or essays.csv")
    ttext.add_argument("--split", help="First Impressions split to train on (default training)")
    ttext.add_argument("--out", default="runs/text", help="where bigfive_text.json is written (default runs/text)")
    ttext.add_argument("--cv-folds", type=int, default=10)
    ttext.add_argument("--cv-repeats", type=int, default=3, help="0 skips the cross-validation")
    ttext.add_argument("--json", action="store_true", help="also print the CV report as JSON (last line)")
    ttext.set_defaults(handler=_train_text)

    batch = commands.add_parser(
        "batch", help="analyse every recording and document under a folder on Dask (a class's answers)",
        description="One row per file (path, kind, error, summary figures, the whole result as JSON) in a Parquet "
                    "table; re-running resumes (files done are skipped, failed ones are tried again). "
                    "Import the table into the shared store with `mmer store import results.parquet`.",
    )
    batch.add_argument("folder", help="folder of recordings (webm, mp4, wav...) and documents (pdf, docx, txt)")
    batch.add_argument("--out", required=True, help="the .parquet table to write (resumed if it exists)")
    batch.add_argument("--scheduler", help="address of a running Dask scheduler (tcp://HOST:PORT); "
                                           "default: a local cluster on this machine")
    batch.add_argument("--workers", type=int, help="local worker processes (default: one per 2 cores; ~1 GiB each)")
    batch.add_argument("--fast", action="store_true", help="2 video frames per second, as the dashboard")
    batch.set_defaults(handler=_batch)

    store = commands.add_parser(
        "store", help="the results database: import a class's CSV, export, statistics, delete a session",
        description="CSV columns: candidate, modality (video|audio|text), question, then the 7 emotion shares "
                    "(angry ... neutral) or the 5 trait probabilities (openness ... neuroticism), 0..1 or 0%%..100%%.",
    )
    store.add_argument("action", choices=["import", "export", "stats", "delete"])
    store.add_argument("target", nargs="?",
                       help="CSV file (import/export), a `mmer batch` .parquet table (import) or session id (delete)")
    store.add_argument("--url", help="SQLAlchemy URL, or a class's results service https://... (default: on a class "
                       "hub its results service, else MMER_DATABASE_URL, else the user's SQLite file)")
    store.set_defaults(handler=_store)

    report = commands.add_parser(
        "report", help="write a report to keep (HTML or PDF) of one or more results",
        description="One self-contained file (every chart embedded, opens offline): each answer's question, "
                    "transcript, measures and charts, the comparison with other candidates, what each figure means "
                    "and how reliable its model is. The format comes from the suffix of --out.",
    )
    report.add_argument("results", nargs="+", metavar="RESULT.json",
                        help="results as `mmer analyze ... --json` prints them (or a saved mock interview session)")
    report.add_argument("--out", required=True, help="report.html or report.pdf")
    report.add_argument("--question", action="append", help="the question of each result, in order (repeat it)")
    report.add_argument("--url", help="results database to compare with (default: MMER_DATABASE_URL, else the "
                                      "user's SQLite file)")
    report.add_argument("--no-compare", action="store_true", help="leave out the comparison with other candidates")
    report.set_defaults(handler=_report)
    return parser


def main(argv=None) -> int:
    from .errors import MMERError

    parser = build_parser()
    argv = list(sys.argv[1:] if argv is None else argv)
    # `mmer analyze text -- "my answer"`: what follows -- is the answer itself, not a file name.
    if argv[:2] == ["analyze", "text"] and "--" in argv:
        cut = argv.index("--")
        argv = argv[:cut] + ["--text", " ".join(argv[cut + 1 :])]
    args = parser.parse_args(argv)
    if args.command == "store" and args.action != "stats" and not args.target:
        parser.error(f"mmer store {args.action} needs a {'session id' if args.action == 'delete' else 'file'}")
    if args.command == "analyze" and args.modality == "text" and (args.text is None) == (args.file is None):
        parser.error('give a file, - for standard input, or --text "your answer"')
    # pypdf logs every oddity of a damaged PDF; the command prints one clear message instead.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        return args.handler(args)
    except MMERError as exc:
        print(f"mmer: error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `mmer ... | head`: the reader left, nothing more to say
        sys.stdout = open(os.devnull, "w")
        return 0


if __name__ == "__main__":
    sys.exit(main())
