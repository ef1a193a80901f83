"""Column roles from header words: synonyms first, then rapidfuzz for misspellings and variants."""

from __future__ import annotations

import re
import unicodedata

from rapidfuzz import fuzz, process

SYNONYMS: dict[str, tuple[str, ...]] = {
    "department": (
        "department",
        "dept",
        "department name",
        "cost center",
        "cost centre",
        "cost center name",
        "cost centre name",
        "cc",
        "team",
        "business unit",
        "bu",
        "division",
        "org",
        "organization",
        "organisation",
        "org unit",
        "unit",
        "function",
        "group",
        "responsibility center",
        "profit center",
        "department code",
        "dept name",
        "owner department",
        "entity",
    ),
    "sub_category": (
        "sub category",
        "subcategory",
        "sub-category",
        "category",
        "account",
        "gl account",
        "gl",
        "account name",
        "gl account name",
        "expense type",
        "expense category",
        "line item",
        "item",
        "cost element",
        "cost type",
        "nature",
        "natural account",
        "spend category",
        "budget category",
        "budget line",
        "line",
        "expense",
        "class",
        "type",
        "account description",
        "acct",
        "acct name",
        "nominal",
        "nominal code",
        "nominal account",
        "gl code",
        "account code",
        "cost item",
        "sub account",
        "description",
    ),
    "fiscal_period": (
        "period",
        "fiscal period",
        "budget period",
        "time",
        "time period",
        "date",
        "month year",
        "posting period",
        "timeframe",
    ),
    "budgeted_amount": (
        "budget",
        "budgeted",
        "budget amount",
        "budgeted amount",
        "amount",
        "plan",
        "planned",
        "plan amount",
        "value",
        "allocation",
        "allocated",
        "approved budget",
        "total budget",
        "annual budget",
        "opex budget",
        "budget value",
        "amt",
    ),
    "currency": ("currency", "ccy", "cur", "curr", "currency code", "iso currency"),
    "year": ("year", "fiscal year", "fy", "budget year", "calendar year"),
    "month": ("month", "month name", "mon", "fiscal month", "calendar month"),
    "quarter": ("quarter", "qtr", "fiscal quarter"),
    "ignored": (
        "actual",
        "actuals",
        "variance",
        "var",
        "forecast",
        "fcst",
        "prior year",
        "last year",
        "ly",
        "ytd",
        "notes",
        "note",
        "comment",
        "comments",
        "owner",
        "status",
        "version",
        "scenario",
        "id",
        "remaining",
        "headcount",
        "fte",
        "hc",
        "share",
        "percent",
        "pct",
        "of total",
        "committed",
        "spent",
        "balance",
        "approver",
        "updated",
        "region",
        "country",
        "company",
    ),
}
# Common headers of German, French, Spanish, Italian, Dutch and Swedish exports (accents are stripped).
FOREIGN: dict[str, tuple[str, ...]] = {
    "department": (
        "abteilung",
        "kostenstelle",
        "bereich",
        "departement",
        "centre de cout",
        "departamento",
        "centro de coste",
        "centro de costo",
        "reparto",
        "afdeling",
        "avdelning",
    ),
    "sub_category": (
        "kategorie",
        "konto",
        "kostenart",
        "sachkonto",
        "categorie",
        "compte",
        "categoria",
        "cuenta",
        "partida",
        "conto",
        "rekening",
    ),
    "fiscal_period": ("periode", "zeitraum", "periodo", "monat", "mois", "mes", "mese", "maand", "datum"),
    "budgeted_amount": (
        "betrag",
        "wert",
        "planwert",
        "montant",
        "importe",
        "presupuesto",
        "bedrag",
        "importo",
        "belopp",
    ),
    "currency": ("wahrung", "devise", "moneda", "valuta"),
}
_DECOR = re.compile(r"\(.*?\)|\[.*?\]|\bin (?:thousands|millions)\b|[$€£¥#*:]|\b000s?\b|'000")
_NON_WORD = re.compile(r"[^a-z0-9]+")


# The plainest names of a role win a tie against looser ones ('Department' over 'Division').
_PRIMARY = {
    "department",
    "dept",
    "department name",
    "cost center",
    "cost centre",
    "sub category",
    "subcategory",
    "category",
    "account",
    "period",
    "fiscal period",
    "budget",
    "budgeted amount",
    "budget amount",
    "amount",
    "currency",
    "year",
    "fiscal year",
    "month",
    "quarter",
}


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
    text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    text = _DECOR.sub(" ", text)
    return _singular(_NON_WORD.sub(" ", text))


def header_scores(text: str) -> dict[str, float]:
    """{role: score 0..1} for one header. The head noun (last words) weighs more than a modifier."""
    norm = normalize_header(text)
    scores: dict[str, float] = {}
    if not norm:
        return scores
    words = norm.split()
    for syn, role in _CHOICES:
        if norm == syn:
            score = 1.0 if syn in _PRIMARY else 0.97
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
