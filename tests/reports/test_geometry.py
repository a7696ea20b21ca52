import pytest

from reports import build
from reports.renderers.geometry import CURVE_H, SLOT, STEP, curve_geometry, mouth_path
from reports.renderers.html import label_lines
from reports.renderers.pdf import check_photo, png_size
from tests.reports.factories import event, journey, scenario


def test_points_sit_in_their_event_slot_and_height_follows_emotion() -> None:
    data = journey(
        scenarios=[
            scenario(
                "s",
                [
                    event("a", "trigger", 2),
                    event("b", "purchase", -2, order=1),
                    event("c", "purchase", None, order=2),
                ],
            )
        ]
    )
    g = curve_geometry(build(data).scenarios[0])
    # trigger: 1 slot, orientation: empty (1 slot), purchase: 2 slots, delivery: empty
    assert [c.slots for c in g.columns] == [1, 1, 2, 1]
    assert g.width == 5 * SLOT
    xs = {p.event_id: p.x for p in g.points}
    assert xs == {"a": SLOT / 2, "b": 2.5 * SLOT, "c": 3.5 * SLOT}
    ys = {p.event_id: p.y for p in g.points}
    assert ys["a"] == CURVE_H / 2 - 2 * STEP
    assert ys["b"] == CURVE_H / 2 + 2 * STEP
    assert ys["c"] == CURVE_H / 2  # unscored: drawn on the neutral line, not on the path
    assert g.path.count("L") == 1
    assert {p.event_id: p.tags for p in g.points}["b"] == ("end", "low")
    assert sum(c.percent for c in g.columns) + g.label_percent == pytest.approx(100)


def test_mouth_smiles_and_frowns() -> None:
    def bend(score: int | None) -> float:
        parts = mouth_path(score).split()
        return float(parts[5]) - float(parts[2])  # control y minus corner y

    assert bend(2) > bend(1) > 0
    assert bend(0) == 0
    assert bend(None) == 0
    assert bend(-2) < bend(-1) < 0


def test_long_labels_wrap_into_two_short_lines() -> None:
    assert label_lines("Levering / start van de dienst", 13) == ["Levering /", "start van de…"]
    assert label_lines("Aankoop", 13) == ["Aankoop"]


def _png(width: int, height: int) -> bytes:
    return (
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"
        + width.to_bytes(4, "big")
        + height.to_bytes(4, "big")
        + b"\x08\x02\x00\x00\x00"
    )


def test_photo_limits() -> None:
    assert png_size(_png(1200, 675)) == (1200, 675)
    check_photo(_png(2400, 1350))
    with pytest.raises(ValueError, match="too big"):
        check_photo(_png(6000, 4500))
    with pytest.raises(ValueError, match="too narrow"):
        check_photo(_png(2100, 100))
    with pytest.raises(ValueError, match="not a PNG"):
        png_size(b"GIF89a")
