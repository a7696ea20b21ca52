"""Rewrite the shipped demo sample from the scripted interviews: python -m testkit.demo"""

from __future__ import annotations

from testkit.demo import SAMPLE_PATH, sample_text

if __name__ == "__main__":
    SAMPLE_PATH.write_text(sample_text(), encoding="utf-8")
    print(SAMPLE_PATH)
