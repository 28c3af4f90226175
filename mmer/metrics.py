"""Classification metrics shared by every modality's evaluation (CLI, notebooks, model cards)."""

from __future__ import annotations

import numpy as np

from .labels import EMOTIONS


def classification_report_dict(y_true, y_pred, classes=EMOTIONS) -> dict:
    """Accuracy, balanced accuracy, per-class precision/recall/F1/support and confusion matrix."""
    from sklearn.metrics import accuracy_score, balanced_accuracy_score, confusion_matrix
    from sklearn.metrics import precision_recall_fscore_support

    labels = list(range(len(classes)))
    present = sorted(set(np.unique(y_true)))
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, zero_division=0
    )
    return {
        "n": int(len(y_true)),
        "accuracy": float(accuracy_score(y_true, y_pred)),
        # Balanced accuracy over the classes present in the data only.
        "balanced_accuracy": float(np.mean([recall[c] for c in present])),
        "per_class": {
            name: {
                "precision": float(precision[i]),
                "recall": float(recall[i]),
                "f1": float(f1[i]),
                "support": int(support[i]),
            }
            for i, name in enumerate(classes)
        },
        "classes": list(classes),
        "confusion_matrix": confusion_matrix(y_true, y_pred, labels=labels).tolist(),
    }


def format_report(report: dict) -> str:
    """The report as a readable table (used by the CLI and the notebooks)."""
    lines = [
        f"n = {report['n']}   accuracy = {report['accuracy']:.3f}   "
        f"balanced accuracy = {report['balanced_accuracy']:.3f}",
        "",
        f"{'class':<10}{'precision':>10}{'recall':>8}{'f1':>8}{'support':>9}",
    ]
    for name, m in report["per_class"].items():
        lines.append(f"{name:<10}{m['precision']:>10.3f}{m['recall']:>8.3f}{m['f1']:>8.3f}{m['support']:>9}")
    classes = report["classes"]
    lines += ["", "confusion matrix (rows = true, columns = predicted)", " " * 10 + "".join(f"{c[:7]:>8}" for c in classes)]
    for name, row in zip(classes, report["confusion_matrix"]):
        lines.append(f"{name:<10}" + "".join(f"{v:>8}" for v in row))
    return "\n".join(lines)
