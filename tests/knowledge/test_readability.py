"""Our Flesch-Kincaid implementation and its syllable heuristic."""

from __future__ import annotations

import pytest

from vigil.knowledge import flesch_kincaid_grade, readability, syllables


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        # Dictionary syllable counts (Merriam-Webster hyphenation) for words the content uses.
        ("the", 1),
        ("breast", 1),
        ("cancer", 2),
        ("doctor", 2),
        ("table", 2),
        ("recurrence", 3),
        ("receptor", 3),
        ("estrogen", 3),
        ("mammogram", 3),
        ("tamoxifen", 4),
        ("inhibitor", 4),
        ("aromatase", 4),
        ("chemotherapy", 5),
        ("follow-up", 3),
        ("years", 1),
        ("2026", 2),
    ],
)
def test_syllables_of_known_words(word: str, expected: int) -> None:
    assert syllables(word) == expected


def test_known_undercount_is_documented() -> None:
    # "-ed" is dropped: treat-ed has 2 syllables, the heuristic says 1 (see module notes).
    assert syllables("treated") == 1


def test_grade_formula_on_a_worked_example() -> None:
    # 2 sentences, 11 words, 12 syllables (can-cer is the only two-syllable word):
    # 0.39 * 11/2 + 11.8 * 12/11 - 15.59 = 2.145 + 12.873 - 15.59 = -0.57
    text = "The cat sat on the mat. Cancer cells can come back."
    result = readability([text])
    assert (result.sentences, result.words, result.syllables) == (2, 11, 12)
    assert result.grade == pytest.approx(-0.6)
    assert flesch_kincaid_grade("The cat sat on the mat.") == pytest.approx(-1.4)


def test_longer_sentences_and_longer_words_raise_the_grade() -> None:
    short = flesch_kincaid_grade("Go to your visits. Tell us what is new.")
    long_sentence = flesch_kincaid_grade("Go to your visits and tell us what is new with you.")
    long_words = flesch_kincaid_grade("Attend surveillance appointments. Communicate symptoms.")
    assert short < long_sentence
    assert short < long_words


def test_list_items_count_as_sentences_and_empty_text_is_zero() -> None:
    assert readability(["First item", "Second item."]).sentences == 2
    assert readability(["", "  "]).grade == 0.0
