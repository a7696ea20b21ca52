"""Themes in free text: similar wording counted together, with counts, where it was said and
quotes; judged on the labelled answers of testkit/themes_labelled.yaml."""

from __future__ import annotations

import importlib
import json
import random
import subprocess
import sys
from collections import Counter

import pytest

from reports import build, render
from reports.analysis import themes
from reports.analysis.themes import Said, find_themes, group_texts
from reports.model import ThemeList
from testkit.theme_quality import exact_groups, labelled_sets, quality
from tests.reports.factories import event, experience, journey, respondent, scenario

# Measured: pairwise F1 0.470, ARI 0.381 over all sets; by identical wording 0.000 / 0.000.
# Dutch F1 0.575, English 0.292 (English answers of a theme share fewer words).
MIN_F1 = 0.40
MIN_ARI = 0.30
MIN_F1_PER_LANGUAGE = 0.25

build_module = importlib.import_module("reports.build")  # the module, not `build`


def test_the_labelled_answers_are_many_and_in_both_languages() -> None:
    sets = labelled_sets()
    answers = [a for s in sets for a in s.answers]
    assert len(answers) >= 80
    assert {s.lang for s in sets} == {"nl", "en"}
    for lang in ("nl", "en"):
        assert sum(len(s.answers) for s in sets if s.lang == lang) >= 40
    for s in sets:  # every set has themes of several answers, not only loners
        sizes = Counter(a.theme for a in s.answers)
        assert sum(1 for n in sizes.values() if n >= 3) >= 3, (s.lang, s.question)
    assert len({(s.lang, a.text) for s in sets for a in s.answers}) == len(answers)


def test_grouping_quality_on_the_labelled_answers() -> None:
    sets = labelled_sets()
    found = quality(sets)
    assert found.f1 >= MIN_F1, found
    assert found.ari >= MIN_ARI, found
    exact = quality(sets, exact_groups)
    assert found.f1 > exact.f1 + 0.3, (found, exact)
    for lang in ("nl", "en"):
        assert quality([s for s in sets if s.lang == lang]).f1 >= MIN_F1_PER_LANGUAGE, lang


def test_the_scores_tell_right_from_wrong() -> None:
    """The scorer itself: the labels score 1, everything in one group or each answer alone
    scores far less."""
    sets = labelled_sets()
    perfect = quality(sets, lambda texts: _truth(sets, texts))
    assert (perfect.f1, perfect.ari) == (1.0, 1.0)
    lumped = quality(sets, lambda texts: [0] * len(texts))
    assert lumped.recall == 1.0
    assert lumped.f1 < 0.3
    assert lumped.ari == 0.0
    alone = quality(sets, lambda texts: list(range(len(texts))))
    assert (alone.f1, alone.ari) == (0.0, 0.0)


def _truth(sets: list, texts: list[str]) -> list[int]:  # type: ignore[type-arg]
    theme = {a.text: a.theme for s in sets for a in s.answers}
    number: dict[str, int] = {}
    return [number.setdefault(theme[t], len(number)) for t in texts]


def test_similar_wording_is_counted_together() -> None:
    found = find_themes(
        [
            Said("Verplicht account", "customer", "purchase", "c1"),
            Said("Account aanmaken lukte niet", "customer", "purchase", "c2"),
            Said("verplicht account!", "customer", "purchase", "c3"),
            Said("Levering te laat", "customer", "delivery", "c1"),
            Said("De levering was te laat", "customer", "delivery", "c4"),
            Said("Kortingscode werkte niet", "customer", "purchase", "c5"),
        ],
        "pain_point",
        "customers",
        ["orientation", "purchase", "delivery"],
    )
    assert [(t.label, t.count) for t in found.themes] == [
        ("Verplicht account", 3),
        ("De levering was te laat", 2),
    ]
    account = found.themes[0]
    assert [q.text for q in account.quotes] == ["Verplicht account", "Account aanmaken lukte niet"]
    assert [(s.stage, s.count, s.share) for s in account.stages] == [("purchase", 3, 0.75)]
    assert (found.answers, found.other) == (6, 1)


def test_quotes_stages_and_sources() -> None:
    said = [
        *(
            Said("Verzendkosten pas bij het afrekenen", "colleague", "purchase", f"k{i}")
            for i in range(3)
        ),
        Said("Verzendkosten pas in de winkelwagen", "owner", "consideration"),
        Said("Hoge verzendkosten", "colleague", "purchase", "k9"),
        Said("Hoge verzendkosten", "colleague", "purchase", "k1"),
        Said("Geen tijdvak", "colleague", "delivery", "k2"),
        Said("Geen bericht over de levering", "owner", "delivery"),
    ]
    found = find_themes(said, "pain_point", "team", ["consideration", "purchase", "delivery"])
    costs = found.themes[0]
    assert costs.label == "Verzendkosten pas bij het afrekenen"  # said most, most like the rest
    assert costs.count == 6
    assert [(s.source, s.count) for s in costs.sources] == [("colleague", 5), ("owner", 1)]
    assert [(s.stage, s.count, s.share) for s in costs.stages] == [
        ("consideration", 1, 1.0),
        ("purchase", 5, 1.0),
    ]
    assert 1 <= len(costs.quotes) <= 3
    assert len({q.text for q in costs.quotes}) == len(costs.quotes)
    assert costs.quotes[0].text == costs.label
    hoge = next(q for q in costs.quotes if q.text == "Hoge verzendkosten")
    assert (hoge.respondent_id, hoge.source, hoge.stage) == ("k1", "colleague", "purchase")
    owners = next(q for q in costs.quotes if q.source == "owner")
    assert (owners.respondent_id, owners.stage) == (None, "consideration")


def test_few_themes_shown_and_the_rest_counted() -> None:
    said = [Said(f"{word} {word}", "customer") for word in ("appel", "banaan") for _ in range(3)]
    said += [Said("Kersen", "customer")]
    found = find_themes(said, "improvement", "customers", shown=1)
    assert [(t.label, t.count) for t in found.themes] == [("appel appel", 3)]
    assert (found.answers, found.other) == (7, 4)
    assert found.themes[0].stages == []
    loners = find_themes([Said("Kersen", "customer")], "improvement", "customers")
    assert loners.themes == []
    assert loners.answers == 1
    assert find_themes([], "improvement", "customers").themes == []


def test_answers_without_words_are_left_out() -> None:
    found = find_themes(
        [
            Said(t, "customer", "purchase")
            for t in ("", "  ", "???", "42", "!", "Te duur", "te duur")
        ],
        "pain_point",
        "customers",
    )
    assert found.answers == 2
    assert [(t.label, t.count) for t in found.themes] == [("Te duur", 2)]
    assert group_texts(["", "Te duur", "123"]) == [-1, 0, -1]


def _said(rnd: random.Random) -> list[Said]:
    answers = [a for s in labelled_sets() if s.lang == "nl" for a in s.answers]
    return [
        Said(a.text, rnd.choice(["colleague", "owner"]), a.stage, f"r{rnd.randrange(20)}")
        for a in answers
        for _ in range(rnd.randint(1, 3))
    ]


def test_the_same_answers_in_any_order_give_the_same_themes() -> None:
    rnd = random.Random(5)
    said = _said(rnd)
    first = find_themes(said, "pain_point", "team", ["purchase", "delivery"])
    assert len(first.themes) == themes.THEMES_SHOWN
    for _ in range(5):
        rnd.shuffle(said)
        assert find_themes(said, "pain_point", "team", ["purchase", "delivery"]) == first


SCRIPT = """
import random, sys
sys.path[:0] = {path!r}
from tests.reports.test_themes import _said
from reports.analysis.themes import find_themes
print(find_themes(_said(random.Random(5)), "pain_point", "team").model_dump_json())
"""


def test_the_same_themes_in_another_process() -> None:
    """No dependence on hash order: processes with different hash seeds agree."""
    out = []
    for seed in ("1", "2"):
        run = subprocess.run(
            [sys.executable, "-c", SCRIPT.format(path=sys.path)],
            capture_output=True,
            text=True,
            check=True,
            env={"PYTHONHASHSEED": seed, "PATH": ""},
        )
        out.append(ThemeList.model_validate(json.loads(run.stdout)))
    assert out[0] == out[1]
    assert out[0] == find_themes(_said(random.Random(5)), "pain_point", "team")


def test_one_off_answers_naming_two_things_do_not_chain_the_themes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Past CLUSTERED answers: the repeated wordings form the themes, answers said once join
    them; an answer naming two themes is one answer, never a bridge merging them."""
    monkeypatch.setattr(themes, "CLUSTERED", 60)
    a = ["Verplicht account", "Account aanmaken lukte niet"]
    b = ["Levering te laat", "Pakket kwam te laat bij de levering"]
    words = ["appel", "banaan", "kers", "druif", "peer", "pruim", "mango", "kiwi", "vijg", "dad"]
    said = [Said(t, "customer", "purchase") for t in a for _ in range(40)]
    said += [Said(t, "customer", "delivery") for t in b for _ in range(40)]
    said += [
        Said(f"{a[i % 2]} en {b[j % 2].lower()}, {w}", "customer", "purchase")
        for i, w in enumerate(words)
        for j in range(2)
    ]
    found = find_themes(said, "pain_point", "customers")
    assert [t.count for t in found.themes] == [90, 90]  # 80 each, and the 20 split
    # equally said and alike: the label is the first in sort order
    assert {t.label for t in found.themes} == {"Account aanmaken lukte niet", "Levering te laat"}
    assert found.other == 0


def test_the_report_keeps_customers_and_team_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(build_module, "THEMES_FROM", 1)  # the threshold has its own test
    data = journey(
        language="nl",
        respondents=[respondent("c1"), respondent("c2"), respondent("k1", role="colleague")],
        experiences=[
            experience("c1", "purchase", -1, pain_point="Verplicht account"),
            experience("c2", "purchase", -2, pain_point="Account aanmaken lukte niet"),
            experience("k1", "purchase", 0, pain_point="Klanten snappen het account niet"),
        ],
        scenarios=[
            scenario("s", [event("e1", "purchase", -1, pain_point="Verplicht account")]),
            scenario(
                "d",
                [event("e2", "purchase", 1, pain_point="Verplicht account")],
                kind="desired",
            ),
        ],
        improvements=[("c1", "Bestellen als gast"), ("c2", "Als gast bestellen"), ("k1", "x")],
    )
    report = build(data)
    lists = {(f.side, f.question): f for f in report.themes}
    assert set(lists) == {
        ("customers", "pain_point"),
        ("customers", "improvement"),
        ("team", "pain_point"),
    }
    customers = lists[("customers", "pain_point")].themes[0]
    assert (customers.count, [s.source for s in customers.sources]) == (2, ["customer"])
    team = lists[("team", "pain_point")].themes[0]
    assert team.count == 2  # the colleague and the current scenario; the wish is no pain
    assert [(s.source, s.count) for s in team.sources] == [("colleague", 1), ("owner", 1)]
    html = render(report, "html").decode()
    assert 'data-section="themes"' in html
    assert 'data-table="themes-team-pain_point"' in html
    assert "Pijnpunten · klanten" in html
    assert "collega&#39;s 1 · kaart 1" in html
    md = render(report, "md").decode()
    assert "### Pijnpunten · team (collega's en de eigen kaart)" in md
    only_customers = build(data, roles=["customer"])
    assert [f.side for f in only_customers.themes if f.question == "improvement"] == ["customers"]


def test_no_section_without_themes() -> None:
    quiet = journey(
        respondents=[respondent("c1")],
        experiences=[experience("c1", "purchase", 1, pain_point="Too expensive")],
        improvements=[("c1", "Free delivery")],
    )
    report = build(quiet)
    assert report.themes == []
    assert 'data-section="themes"' not in render(report, "html").decode()
    assert "Themes in what people wrote" not in render(report, "md").decode()


def test_themes_need_twenty_answers_to_a_question() -> None:
    """On a handful of answers grouping by wording misleads more than it helps (each answer
    is quoted in the evidence already): themes start at `THEMES_FROM` answers."""

    def report(n: int) -> list[tuple[str, str]]:
        people = [respondent(f"c{i}") for i in range(n)]
        wording = ["Verplicht account", "Account verplicht!", "Te duur", "Veel te duur"]
        said = [experience(f"c{i}", "purchase", -1, pain_point=wording[i % 4]) for i in range(n)]
        built = build(journey(language="nl", respondents=people, experiences=said))
        return [(f.side, f.question) for f in built.themes]

    assert report(build_module.THEMES_FROM - 1) == []
    assert report(build_module.THEMES_FROM) == [("customers", "pain_point")]
