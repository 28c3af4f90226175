"""Speed of a report to keep: a 5-question mock interview (answers of 25 to 45 s, as many face
frames as an unhurried analysis gives), written as HTML and as PDF.

    python benchmarks/bench_report.py [--questions 5] [--repeat 3]

Two measures each: in a warm process (the dashboard's *Save my report* button: libraries already
imported) and the whole `mmer report` command (a new process: Python, matplotlib and WeasyPrint
imported first), compared with other candidates in a store of 20. Target: <= 3 s for 5 questions.
The answers are made up (mmer.examples.example_session): report speed depends on how much is drawn,
not on what the models said.
"""

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()

    from mmer.report import report_html, report_pdf
    from mmer.store import ResultStore
    from mmer.examples import example_answer, example_session

    folder = Path(tempfile.mkdtemp())
    url = f"sqlite:///{folder / 'store.sqlite'}"
    store = ResultStore(url)
    for seed in range(20):
        sid = store.new_session()
        store.add_answer(sid, example_answer(40.0, seed=100 + seed), question="Tell us about yourself.")
    session = example_session(args.questions)
    (folder / "session.json").write_text(session.to_json())
    others = store.compare(session)
    frames = sum(len(a.result.video.frames) for a in session.answers if getattr(a.result, "video", None))
    print(f"{args.questions} answers, {session.summary['spoken_seconds']:.0f} s spoken, {frames} face frames")

    report_html(session, others=others)  # the first call imports matplotlib
    report_pdf(session, others=others)   # and WeasyPrint
    for name, make in (("HTML", lambda: report_html(session, others=others)),
                       ("PDF", lambda: report_pdf(session, others=others))):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            data = make()
            runs.append(time.perf_counter() - start)
        print(f"{name} in a warm process (dashboard button): median {statistics.median(runs):.2f} s "
              f"(runs {', '.join(f'{r:.2f}' for r in runs)}), {len(data) / 1024:.0f} KiB")
    for suffix in ("html", "pdf"):
        runs = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            subprocess.run([sys.executable, "-m", "mmer", "report", str(folder / "session.json"), "--url", url,
                            "--out", str(folder / f"report.{suffix}")], check=True, capture_output=True)
            runs.append(time.perf_counter() - start)
        print(f"`mmer report ... --out report.{suffix}` whole command: median {statistics.median(runs):.2f} s "
              f"(runs {', '.join(f'{r:.2f}' for r in runs)})")


if __name__ == "__main__":
    main()
