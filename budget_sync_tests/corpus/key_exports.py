"""Code and quantity columns (issue 8, pattern 1) and group rows without the word Total (pattern 3).

Synthetic look-alikes of published city and grant budgets: a long export whose numeric department codes
sit beside the department titles, a grant budget with quantity, unit-cost and unit-of-measure columns,
and a department list whose goal rows carry the sum of the departments above them.
"""

from __future__ import annotations

from budget_sync_tests.corpus.writers import write_case, write_text


def codes_beside_titles() -> None:
    lines = [
        ("2023", "Parks Department", "Seasonal Staff", "184000", "4", "10", "120"),
        ("2023", "Parks Department", "Fertilizer", "2150", "4", "10", "301"),
        ("2023", "Library Services", "Books", "96000", "7", "10", "330"),
        ("2023", "Library Services", "Seasonal Staff", "41000", "7", "10", "120"),
        ("2023", "Water Utility", "Chemicals", "512300", "12", "61", "301"),
    ]
    rows = [["FY", "Department_Title", "Object_Title", "budget", "Dept", "Fund", "Obj"], *lines]
    write_text("codes_beside_titles.tsv", rows, sep="\t")
    write_case(
        "codes_beside_titles",
        "codes_beside_titles.tsv",
        [(title, obj, "FY2023", f"{amount}.00", "USD") for _y, title, obj, amount, *_codes in lines],
        note="'Dept' holds numeric codes that repeat; the department names are in 'Department_Title'.",
    )


def grant_with_quantities() -> None:
    lines = [
        ("Field technician salary", "personnel", "2", "38000", "$/year", "76000"),
        ("Field technician benefits", "benefits", "2", "11400", "$/year", "22800"),
        ("Traps", "supplies", "150", "12.5", "each", "1875"),
        ("Truck fuel", "supplies", "12", "180", "$/month", "2160"),
    ]
    rows = [["cost_item", "cost_type", "qty", "unit_cost", "units", "total"], *lines]
    write_text("grant_with_quantities.csv", rows)
    write_case(
        "grant_with_quantities",
        "grant_with_quantities.csv",
        [(kind, item, "FY2024", f"{total}.00", "USD") for item, kind, _q, _c, _u, total in lines],
        config={"department": "cost_type", "default_period": "FY2024"},
        note="Quantity, unit cost and unit-of-measure columns are not amounts or names: the total is the "
        "amount; 'units' ($/year) is never taken as the department.",
    )


def goal_rows_without_total() -> None:
    rows = [
        ["department", "generalFund", "otherFunds", "total"],
        ["Arts Council", "5000", "0", "5000"],
        ["Youth Services", "12000", "3000", "15000"],
        ["Community Wellbeing", "17000", "3000", "20000"],
        ["Fire", "40000", "1000", "41000"],
        ["Police", "70000", "2500", "72500"],
        ["Safety", "110000", "3500", "113500"],
        ["allDepartments", "127000", "6500", "133500"],
    ]
    write_text("goal_rows_without_total.csv", rows)
    write_case(
        "goal_rows_without_total",
        "goal_rows_without_total.csv",
        [
            ("Arts Council", None, "FY2025", "5000.00", "USD"),
            ("Youth Services", None, "FY2025", "15000.00", "USD"),
            ("Fire", None, "FY2025", "41000.00", "USD"),
            ("Police", None, "FY2025", "72500.00", "USD"),
        ],
        config={"budgeted_amount": "total", "default_period": "FY2025"},
        reported=[4, 7, 8],
        note="Goal rows ('Community Wellbeing', 'Safety') carry the sum of the departments above them and the "
        "last row the sum of all, without the word Total: left out and kept as control totals.",
    )
