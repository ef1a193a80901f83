"""Column roles from header words: synonyms first, then rapidfuzz for misspellings and variants."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

from budget_sync.mapping.synonyms import FOREIGN, PRIMARY, SYNONYMS, WEAK

_DECOR = re.compile(r"\(.*?\)|\[.*?\]|\bin (?:thousands|millions)\b|[$€£¥#*:]|\b000s?\b|'000")
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CAMEL = re.compile(r"(?<=[a-z])(?=[A-Z])")


def _singular(text: str) -> str:
    """'Cost Centers' and 'Line Items' match 'cost center' and 'line item'."""
    return " ".join(
        w[:-1] if len(w) > 3 and w.endswith("s") and not w.endswith("ss") else w for w in text.split()
    )


_CHOICES = [
    (_singular(syn), role) for table in (SYNONYMS, FOREIGN) for role, syns in table.items() for syn in syns
]
_CHOICE_TEXTS = [c[0] for c in _CHOICES]


def normalize_header(text: str) -> str:
    """Lower-case words without accents or decoration; camelCase is split ('DataValue' -> 'data value')."""
    text = unicodedata.normalize("NFKD", _CAMEL.sub(" ", text).lower()).encode("ascii", "ignore").decode()
    text = _DECOR.sub(" ", text)
    return _singular(_NON_WORD.sub(" ", text))


def header_scores(text: str) -> dict[str, float]:
    """{role: score 0..1} for one header. The head noun (last words) weighs more than a modifier."""
    norm = normalize_header(text)
    scores: dict[str, float] = {}
    if not norm:
        return scores
    words = norm.split()
    if norm in WEAK:
        return dict(WEAK[norm])
    for syn, role in _CHOICES:
        if norm == syn:
            score = 1.0 if syn in PRIMARY else 0.97
        elif f" {syn} " in f" {norm} ":
            score = 0.9 if norm.endswith(syn) else 0.8
            if role == "ignored":
                score = 0.95
        else:
            continue
        scores[role] = max(scores.get(role, 0.0), score)
    if not scores and len(norm) >= 4:
        match = process.extractOne(norm, _CHOICE_TEXTS, scorer=fuzz.ratio, score_cutoff=80)
        if match:
            scores[_CHOICES[match[2]][1]] = round(match[1] / 100 * 0.85, 2)
    if len(words) > 6:
        scores = {role: s * 0.5 for role, s in scores.items()}
    return scores
