"""How well `reports.analysis.themes` groups answers, judged on the labelled answers in
`themes_labelled.yaml` beside this file (shared by tests/reports/test_themes.py, which holds
the threshold, and bench, which prints the figures).

Each labelled set (one question, one language) is grouped on its own, as a report groups one
question. Pairwise scores count pairs of answers: a pair in one labelled theme and one found
group is a true positive; precision, recall and F1 are summed over all sets (micro). The
adjusted Rand index (ARI: 0 is chance, 1 is the labels exactly) is averaged over the sets.
``exact`` is the baseline the report had before themes: answers grouped only when their
wording is identical up to case and spacing.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import yaml

from reports.analysis.themes import group_texts

__all__ = [
    "LABELLED",
    "Answer",
    "LabelledSet",
    "Quality",
    "exact_groups",
    "labelled_sets",
    "quality",
]

LABELLED = Path(__file__).with_name("themes_labelled.yaml")


@dataclass(frozen=True)
class Answer:
    text: str
    theme: str
    stage: str | None


@dataclass(frozen=True)
class LabelledSet:
    lang: str
    question: str
    answers: tuple[Answer, ...]


@dataclass(frozen=True)
class Quality:
    answers: int
    sets: int
    precision: float
    recall: float
    f1: float
    ari: float  # mean over the sets


def labelled_sets(path: Path = LABELLED) -> list[LabelledSet]:
    """The labelled sets, answers in file order."""
    sets = []
    for raw in yaml.safe_load(path.read_text(encoding="utf-8"))["sets"]:
        answers = []
        for theme, entries in raw["themes"].items():
            for entry in entries:
                stage, text = (
                    next(iter(entry.items())) if isinstance(entry, dict) else (None, entry)
                )
                answers.append(Answer(text=str(text), theme=str(theme), stage=stage))
        sets.append(LabelledSet(raw["lang"], raw["question"], tuple(answers)))
    return sets


def exact_groups(texts: Sequence[str]) -> list[int]:
    """The baseline: one group per wording, identical up to case and spacing."""
    number: dict[str, int] = {}
    return [number.setdefault(" ".join(t.casefold().split()), len(number)) for t in texts]


def quality(
    sets: Sequence[LabelledSet],
    grouping: Callable[[Sequence[str]], list[int]] = group_texts,
) -> Quality:
    """Pairwise precision, recall and F1 (summed over the sets) and mean ARI of ``grouping``."""
    from sklearn.metrics import adjusted_rand_score
    from sklearn.metrics.cluster import pair_confusion_matrix

    true_pos = false_pos = false_neg = 0
    ari = 0.0
    for s in sets:
        truth = [a.theme for a in s.answers]
        found = grouping([a.text for a in s.answers])
        pairs = pair_confusion_matrix(truth, found)  # ordered pairs: each pair counted twice
        true_pos += int(pairs[1][1])
        false_pos += int(pairs[0][1])
        false_neg += int(pairs[1][0])
        ari += float(adjusted_rand_score(truth, found))
    precision = true_pos / (true_pos + false_pos) if true_pos + false_pos else 0.0
    recall = true_pos / (true_pos + false_neg) if true_pos + false_neg else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Quality(
        answers=sum(len(s.answers) for s in sets),
        sets=len(sets),
        precision=precision,
        recall=recall,
        f1=f1,
        ari=ari / len(sets) if sets else 0.0,
    )


if __name__ == "__main__":
    every = labelled_sets()
    for name, chosen in [
        ("all", every),
        *((lang, [s for s in every if s.lang == lang]) for lang in ("nl", "en")),
    ]:
        q = quality(chosen)
        base = quality(chosen, exact_groups)
        print(
            f"{name}: {q.answers} answers in {q.sets} sets: pairwise F1 {q.f1:.3f} "
            f"(precision {q.precision:.3f}, recall {q.recall:.3f}), ARI {q.ari:.3f}; "
            f"exact wording: F1 {base.f1:.3f}, ARI {base.ari:.3f}"
        )
