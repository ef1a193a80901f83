"""Header words per role. Plurals and accents are normalised away before matching (see roles.py)."""

from __future__ import annotations


def _words(text: str) -> tuple[str, ...]:
    return tuple(w.strip() for w in text.split(",") if w.strip())


SYNONYMS: dict[str, tuple[str, ...]] = {
    "department": _words(
        "department, dept, department name, cost center, cost centre, cost center name, cost centre name, cc, "
        "team, business unit, bu, division, org, organization, organisation, org unit, function, group, "
        "responsibility center, profit center, department code, dept name, owner department, entity, level, "
        "agency"
    ),
    "sub_category": _words(
        "sub category, subcategory, category, account, gl account, gl, account name, gl account name, "
        "expense type, expense category, line item, item, cost element, cost type, nature, natural account, "
        "spend category, budget category, budget line, line, expense, class, type, account description, acct, "
        "acct name, nominal, nominal code, nominal account, gl code, account code, cost item, sub account, "
        "description, financial row"
    ),
    "fiscal_period": _words(
        "period, fiscal period, budget period, time, time period, date, month year, posting period, timeframe"
    ),
    "budgeted_amount": _words(
        "budget, budgeted, budget amount, budgeted amount, amount, plan, planned, plan amount, value, allocation, "
        "allocated, approved budget, total budget, annual budget, opex budget, budget value, amt"
    ),
    "currency": _words("currency, ccy, cur, curr, currency code, iso currency"),
    "year": _words("year, fiscal year, fy, budget year, calendar year"),
    "month": _words("month, month name, mon, fiscal month, calendar month"),
    "quarter": _words("quarter, qtr, fiscal quarter"),
    "ignored": _words(
        "actual, actuals, variance, var, forecast, fcst, prior year, last year, ly, ytd, notes, note, comment, "
        "comments, owner, status, version, scenario, id, remaining, headcount, fte, hc, share, percent, pct, "
        "of total, committed, spent, balance, approver, updated, region, country, company, unit, units, uom, "
        "unit of measure, qty, quantity, unit cost, unit price, rate, price, vendor, vender, supplier, payee, "
        "merchant, receipt, receipt no, invoice, voucher"
    ),
}

# Headers too plain to name a role alone ('Name'): exact matches only, at a score that needs the values
# to agree (text names) to pass the confidence threshold, and that a real 'Department' header beats.
WEAK: dict[str, dict[str, float]] = {
    "name": {"department": 0.7, "sub_category": 0.66},
    "item name": {"department": 0.66, "sub_category": 0.7},
}

# Common headers of German, French, Spanish, Italian, Dutch and Swedish exports (accents are stripped).
FOREIGN: dict[str, tuple[str, ...]] = {
    "department": _words(
        "abteilung, kostenstelle, bereich, departement, centre de cout, departamento, centro de coste, "
        "centro de costo, reparto, afdeling, avdelning"
    ),
    "sub_category": _words(
        "kategorie, konto, kostenart, sachkonto, categorie, compte, categoria, cuenta, partida, conto, rekening"
    ),
    "fiscal_period": _words("periode, zeitraum, periodo, monat, mois, mes, mese, maand, datum"),
    "budgeted_amount": _words(
        "betrag, wert, planwert, montant, importe, presupuesto, bedrag, importo, belopp, monto, valor, "
        "montante, orcamento, begroting, ansatz"
    ),
    "currency": _words("wahrung, devise, moneda, valuta"),
    "year": _words(
        "jahr, geschaftsjahr, haushaltsjahr, annee, exercice, ano, anio, ejercicio, anno, esercizio, jaar, "
        "boekjaar"
    ),
}

# The plainest names of a role win a tie against looser ones ('Department' over 'Division').
PRIMARY = frozenset(
    _words(
        "department, dept, department name, cost center, cost centre, sub category, subcategory, category, "
        "account, period, fiscal period, budget, budgeted amount, budget amount, amount, currency, year, "
        "fiscal year, month, quarter"
    )
)
