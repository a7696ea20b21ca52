"""Free-text answers grouped into themes: similar wording counted together, with where it was
said and a few quotes, so a hundred answers read as a handful of findings.

Each distinct wording becomes a TF-IDF vector of the character 4- to 6-grams inside its words
(scikit-learn's ``char_wb`` analyzer), so "Verplicht account" and "Account aanmaken lukte
niet", or "verzendkosten" and "kosten voor verzending", share features in Dutch and English
alike; wordings are joined by average-linkage agglomerative clustering on cosine distance,
each weighted by how often it was said, until two groups are no longer alike (`DISTANCE`).
On the labelled answers in `testkit/themes_labelled.yaml` (scored by `testkit.theme_quality`)
Snowball stemming and stop-word lists grouped no better, so the grouping needs no language
data and no model.

Deterministic: the same answers, in any order and under any hash seed, give the same themes.
Bounded: exact repeats are counted first and at most `CLUSTERED` answers are clustered (the
counts scaled down to fit; rarer wordings then join the group they are most like), so ten
thousand respondents stay cheap. scikit-learn is imported on first use: it takes a second or
two to import.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from typing import TYPE_CHECKING, Any, NamedTuple

from reports.model import (
    SourceCount,
    Theme,
    ThemeList,
    ThemeQuestion,
    ThemeQuote,
    ThemeSide,
    ThemeSource,
    ThemeStage,
)

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

__all__ = ["DISTANCE", "Said", "find_themes", "group_texts"]

DISTANCE = 0.94  # cosine distance up to which two groups, pair by pair on average, still join
NGRAMS = (4, 6)  # character n-grams within words
CLUSTERED = 600  # answers clustered at once (counts scaled down past it); rarer wordings join
JOIN_CHUNK = 2_000  # rarer wordings compared with the groups this many at a time
THEMES_SHOWN = 8
QUOTES = 3
_WORD = re.compile(r"[^\W\d_]{2,}")  # words of two letters or more; digits say nothing here
_TEXT_STAGE_SOURCE = itemgetter(0, 2, 1)  # of a Said


class Said(NamedTuple):
    """One free-text answer to group: the text, who said it (``respondent_id`` None for the
    map) and the stage it is about (None for a question about the whole journey). A tuple:
    a big map has a hundred thousand of them."""

    text: str
    source: ThemeSource
    stage: str | None = None
    respondent_id: str | None = None


def find_themes(
    said: Iterable[Said],
    question: ThemeQuestion,
    side: ThemeSide,
    stage_order: Sequence[str] = (),
    *,
    shown: int = THEMES_SHOWN,
    min_count: int = 2,
) -> ThemeList:
    """The themes in one question's answers from one side: at most ``shown`` themes of at
    least ``min_count`` answers, most named first (ties by label). Each has its count per
    source, its count and share per stage (share of that stage's answers; stages in
    ``stage_order``, others after it by key) and one to three quotes. Answers without a word
    in them are left out."""
    items = list(said)
    exact = Counter(map(_TEXT_STAGE_SOURCE, items))  # repeats counted at C speed
    keys = {text: _key(text) for text, _, _ in exact}
    exact = Counter({entry: n for entry, n in exact.items() if keys[entry[0]]})  # has words
    wordings = _wordings(exact, keys)
    groups = [
        group
        for group in (
            [wordings[i] for i in g]
            for g in _group([w.key for w in wordings], [w.count for w in wordings])
        )
        if sum(w.count for w in group) >= min_count
    ]
    groups.sort(key=lambda g: (-sum(w.count for w in g), g[0].shown.casefold(), g[0].shown))
    groups = groups[:shown]
    quoted = {w.shown for g in groups for w in g[:QUOTES]}
    speakers = _speakers(items, {text for text in keys if _tidy(text) in quoted})
    totals: Counter[str] = Counter()
    for (_, stage, _), n in exact.items():
        if stage is not None:
            totals[stage] += n
    position = {key: i for i, key in enumerate(stage_order)}
    themes = [_theme(g, totals, position, speakers) for g in groups]
    answers = exact.total()
    return ThemeList(
        question=question,
        side=side,
        answers=answers,
        themes=themes,
        other=answers - sum(t.count for t in themes),
    )


def group_texts(texts: Sequence[str]) -> list[int]:
    """The group number of each text as `find_themes` groups them (-1: no word in it), for
    judging the grouping against labelled answers."""
    keys = [_key(t) for t in texts]
    counts = Counter(k for k in keys if k)
    distinct = sorted(counts)
    number = {
        distinct[i]: n
        for n, group in enumerate(_group(distinct, [counts[k] for k in distinct]))
        for i in group
    }
    return [number[k] if k else -1 for k in keys]


def _key(text: str) -> str:
    """A wording as compared: its words, casefolded (punctuation, digits, case and spacing
    make no difference)."""
    return " ".join(_WORD.findall(text.casefold()))


@dataclass
class _Wording:
    """One distinct wording and what was said in it."""

    key: str
    count: int = 0
    texts: Counter[str] = field(default_factory=Counter)
    stages: Counter[str] = field(default_factory=Counter)
    sources: Counter[ThemeSource] = field(default_factory=Counter)

    @property
    def shown(self) -> str:
        """The wording as most people typed it (ties: the first in sort order)."""
        return min(self.texts.items(), key=lambda kv: (-kv[1], kv[0]))[0]


def _tidy(text: str) -> str:
    """Text as quoted: spacing tidied."""
    return " ".join(text.split())


def _wordings(
    exact: Counter[tuple[str, str | None, ThemeSource]], keys: Mapping[str, str]
) -> list[_Wording]:
    """The distinct wordings (by key) with their counts."""
    by_key: dict[str, _Wording] = {}
    for (text, stage, source), n in exact.items():
        key = keys[text]
        wording = by_key.get(key)
        if wording is None:
            wording = by_key[key] = _Wording(key)
        wording.count += n
        wording.texts[_tidy(text)] += n
        wording.sources[source] += n
        if stage is not None:
            wording.stages[stage] += n
    return list(by_key.values())


def _group(keys: Sequence[str], counts: Sequence[int]) -> list[list[int]]:
    """Indexes of the distinct ``keys`` (said ``counts`` times) in groups of like wordings,
    each group's most typical wording first.

    Groups are formed as if every answer were clustered, not every distinct wording: each
    wording enters the clustering once per time it was said, so two groups join when their
    *answers* are alike on average. Counted by wording instead, the one-off answers that
    name two things ("X and Y"), of which a big map has hundreds, would chain every group
    into one. Past `CLUSTERED` answers the counts are scaled down to fit; the wordings said
    too rarely to get a place then join the group they are most like, and those like none
    are grouped among themselves. Only the keys and counts matter, never their order."""
    if not keys:
        return []
    order = sorted(range(len(keys)), key=lambda i: (-counts[i], keys[i]))
    total = sum(counts)
    scale = min(1.0, CLUSTERED / total)
    places = [int(counts[i] * scale) for i in order]  # rounded down: weight never inflated
    core = [i for i, n in zip(order, places, strict=True) if n]
    if len(core) < 2:  # nothing said often enough to weigh: the most said, once each
        core, places = order[:CLUSTERED], [1] * min(len(order), CLUSTERED)
    clustered = _cluster([keys[i] for i in core], [counts[i] for i in core], places[: len(core)])
    groups = [[core[p] for p in g] for g in clustered.groups]
    taken = set(core)
    rest = [i for i in order if i not in taken]
    if not rest:
        return groups
    left: list[int] = []
    nearest = _join_nearest(
        clustered.groups,
        [counts[i] for i in core],
        clustered.vectors,
        clustered.vectorizer.transform([keys[i] for i in rest]),
    )
    for i, g in zip(rest, nearest, strict=True):
        if g is None:
            left.append(i)
        else:
            groups[g].append(i)
    if left:
        more = _cluster(
            [keys[i] for i in left[:CLUSTERED]],
            [counts[i] for i in left[:CLUSTERED]],
            [1] * len(left[:CLUSTERED]),
        )
        groups += [[left[p] for p in g] for g in more.groups]
        groups += [[i] for i in left[CLUSTERED:]]
    return groups


@dataclass(frozen=True)
class _Clustered:
    groups: list[list[int]]  # positions in the clustered keys, the most typical first
    vectorizer: Any  # the fitted TfidfVectorizer
    vectors: Any  # the keys' TF-IDF vectors (sparse, one row each, unit length)


def _cluster(keys: Sequence[str], counts: Sequence[int], places: Sequence[int]) -> _Clustered:
    """Average-linkage clustering of ``keys`` on the cosine distance of their character
    n-gram TF-IDF vectors, cut at `DISTANCE`; each key takes part ``places`` times (at
    distance 0 from itself), which weighs it as that many answers."""
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=NGRAMS, sublinear_tf=True)
    vectors = vectorizer.fit_transform(keys)
    similarity: NDArray[np.float64] = (vectors @ vectors.T).toarray()
    seats = np.repeat(np.arange(len(keys)), places)
    if len(seats) > 1:
        distance = np.clip(1.0 - similarity[np.ix_(seats, seats)], 0.0, None)
        np.fill_diagonal(distance, 0.0)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=DISTANCE
        ).fit_predict(distance)
    else:
        labels = np.zeros(len(seats), dtype=np.int64)
    grouped: dict[int, list[int]] = {}
    for p, first in zip(*np.unique(seats, return_index=True), strict=True):
        grouped.setdefault(int(labels[first]), []).append(int(p))
    weights = np.asarray(counts, dtype=np.float64)
    return _Clustered(
        groups=[_typical_first(g, similarity, weights) for g in grouped.values()],
        vectorizer=vectorizer,
        vectors=vectors,
    )


def _typical_first(
    group: list[int], similarity: NDArray[np.float64], weights: NDArray[np.float64]
) -> list[int]:
    """A group's positions, the most typical wording first: the one most like the group's
    answers (each wording weighted by how often it was said; ties: the most said)."""
    if len(group) == 1:
        return group
    import numpy as np

    likeness = similarity[np.ix_(group, group)] @ weights[group]
    ranked = sorted(
        zip(group, likeness.tolist(), strict=True), key=lambda pl: (-round(pl[1], 9), pl[0])
    )
    return [p for p, _ in ranked]


def _join_nearest(
    groups: Sequence[Sequence[int]], counts: Sequence[int], core: Any, rest: Any
) -> list[int | None]:
    """For each rarer wording, the group whose answers it is most like on average (as the
    clustering measures it), if alike enough; else None."""
    import numpy as np
    from scipy.sparse import csr_matrix

    rows = [p for g in groups for p in g]
    cols = [n for n, g in enumerate(groups) for _ in g]
    weight = np.asarray(counts, dtype=np.float64)
    sizes = np.asarray([weight[list(g)].sum() for g in groups])
    member_of = csr_matrix(
        (weight[rows] / sizes[cols], (cols, rows)), shape=(len(groups), core.shape[0])
    )
    centres = (member_of @ core).T.tocsc()  # features x groups: each group's mean answer
    joined: list[int | None] = []
    for start in range(0, rest.shape[0], JOIN_CHUNK):
        likeness = (rest[start : start + JOIN_CHUNK] @ centres).toarray()
        best = likeness.argmax(axis=1)
        alike = likeness[np.arange(len(best)), best] >= 1.0 - DISTANCE
        joined.extend(
            int(b) if ok else None for b, ok in zip(best.tolist(), alike.tolist(), strict=True)
        )
    return joined


def _theme(
    wordings: Sequence[_Wording],
    totals: Mapping[str, int],
    position: Mapping[str, int],
    speakers: Mapping[str, Said],
) -> Theme:
    """A group of wordings as a theme, labelled by its most typical wording."""
    stages: Counter[str] = Counter()
    sources: Counter[ThemeSource] = Counter()
    for w in wordings:
        stages.update(w.stages)
        sources.update(w.sources)
    end = len(position)
    quoted = [speakers[w.shown] for w in wordings[:QUOTES]]
    return Theme(
        label=wordings[0].shown,
        count=sum(w.count for w in wordings),
        sources=[SourceCount(source=s, count=n) for s, n in sorted(sources.items())],
        stages=[
            ThemeStage(stage=key, count=n, share=n / totals[key])
            for key, n in sorted(stages.items(), key=lambda kv: (position.get(kv[0], end), kv[0]))
        ],
        quotes=[
            ThemeQuote(text=w.shown, source=s.source, stage=s.stage, respondent_id=s.respondent_id)
            for w, s in zip(wordings, quoted, strict=False)
        ],
    )


def _speakers(items: Sequence[Said], texts: set[str]) -> dict[str, Said]:
    """Who said each of ``texts`` (keyed as quoted): of all who typed it, the first by
    respondent and stage, so the order of the answers makes no difference."""
    found: dict[str, Said] = {}
    for s in items:
        if s.text in texts:
            text = _tidy(s.text)
            known = found.get(text)
            if known is None or _rank(s) < _rank(known):
                found[text] = s
    return found


def _rank(s: Said) -> tuple[str, str, str]:
    return (s.respondent_id or "", s.stage or "", s.source)
