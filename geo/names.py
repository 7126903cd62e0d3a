"""Names as keys: folding for lookups, plain-ASCII match keys, and slugs for ids and file names.

Every lookup of a place, an actor or a dataset name goes through
:func:`normalize_name`; every generated id part and file name through
:func:`slugify`. One definition each, so "Myanmar’s military" and
"Myanmar's  Military" are the same key everywhere.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata

__all__ = ["ascii_key", "fold_text", "normalize_name", "slugify"]


_PUNCTUATION_FOLDS = {
    "\u2018": "'", "\u2019": "'", "\u02bc": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-",
}  # fmt: skip


class _FoldTable(dict):
    """A str.translate table that folds each character to at most one character (offsets survive)."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        folded = _PUNCTUATION_FOLDS.get(char)
        if folded is None:
            folded = unicodedata.normalize("NFKC", char).casefold()
            if len(folded) != 1:  # e.g. 'ß' -> 'ss', ligatures: keep one character
                folded = char.lower() if len(char.lower()) == 1 else char
            if folded.isspace():
                folded = " "
        self[code] = folded
        return folded


_FOLD = _FoldTable()


def fold_text(text: str) -> str:
    """Casefold and NFKC-fold ``text`` character by character, so ``len`` and offsets are unchanged."""
    return text.translate(_FOLD)


def normalize_name(name: str) -> str:
    """The lookup key of a name: NFKC + casefold, typographic quotes folded, spaces collapsed."""
    folded = fold_text(unicodedata.normalize("NFKC", str(name)))
    return re.sub(r"\s+", " ", folded).strip()


def ascii_key(name: str) -> str:
    """A looser key for matching names across sources: :func:`normalize_name`, then no accents or punctuation."""
    text = unicodedata.normalize("NFKD", normalize_name(name)).encode("ascii", "ignore").decode()
    return " ".join(re.sub(r"[^\w\s]", " ", text.replace("'", "")).split())


def slugify(text: str, limit: int = 40, fallback: str | None = None, hash_prefix: str = "x-") -> str:
    """Lower-case ASCII words joined by ``-``, at most ``limit`` characters.

    A text with no Latin letter or digit (Burmese script, say) gets ``fallback``
    or, without one, a stable ``<hash_prefix><hash>`` so distinct names keep distinct slugs.
    """
    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")[:limit].strip("-")
    if slug:
        return slug
    return fallback or hash_prefix + hashlib.sha256(str(text).encode("utf-8")).hexdigest()[:10]
