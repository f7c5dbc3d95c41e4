"""English words, for telling a typo from a word: the bundled word list, and the words one slip from a word.

`english_words` reads `trtutor/data/bundled/english_words.txt` (about 22,000 words of the pinned MiniLM tokenizer,
written by `python -m benchmarks.english_words`); `one_slip` makes every word a typist's single slip away. The
degenerate-turn check (a typo is language), the number-word reading (a misspelt number word that is no English word)
and the learnt judges (a typo read as the word meant) use them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

_LETTERS = "abcdefghijklmnopqrstuvwxyz"


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """About 22,000 English words, names included, lower-case."""
    lines = (resources.files("trtutor.data") / "bundled" / "english_words.txt").read_text().splitlines()
    return frozenset(line for line in lines if line and not line.startswith("#"))


def one_slip(word: str) -> set[str]:
    """Every word one slip from `word`: two letters swapped, one dropped, added or mistyped."""
    cuts = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    return {
        *(a + b[1] + b[0] + b[2:] for a, b in cuts if len(b) > 1),
        *(a + b[1:] for a, b in cuts if b),
        *(a + letter + b[1:] for a, b in cuts if b for letter in _LETTERS),
        *(a + letter + b for a, b in cuts for letter in _LETTERS),
    }


def singular(noun: str) -> str:
    """The singular of a lower-case English noun by its ending, one rule for every reader that matches a noun with
    another ("candies" candy, "boxes" box, "spoons" spoon); a word of three letters or ending in "ss" is left as it is
    ("bus", "its", "glass")."""
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("es") and noun[:-2].endswith(("x", "ss", "ch", "sh")):
        return noun[:-2]
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3 else noun
