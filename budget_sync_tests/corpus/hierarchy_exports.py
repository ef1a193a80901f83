"""Hierarchies without the word Total (issue 8, pattern 3): group rows above their members, breakdown
rows in parentheses, and a recap table below the main one. Synthetic look-alikes of published federal
and city budget summaries."""

from __future__ import annotations

from budget_sync_tests.corpus.writers import write_case, write_text


def group_rows_above_members() -> None:
    rows = [
        ["Function", "Fiscal Year", "Budget authority"],
        ["Health", "2026", "915000"],
        ["Hospitals", "2026", "640000"],
        ["Clinics", "2026", "275000"],
        ["Transport", "2026", "402500"],
        ["Highways", "2026", "300000"],
        ["Rail", "2026", "102500"],
        ["Outlays", "2026", "1317500"],
        ["(On-budget)", "2026", "1000000"],
        ["(Off-budget)", "2026", "317500"],
    ]
    write_text("group_rows_above_members.csv", rows)
    write_case(
        "group_rows_above_members",
        "group_rows_above_members.csv",
        [
            ("Hospitals", None, "FY2026", "640000.00", "USD"),
            ("Clinics", None, "FY2026", "275000.00", "USD"),
            ("Highways", None, "FY2026", "300000.00", "USD"),
            ("Rail", None, "FY2026", "102500.00", "USD"),
        ],
        reported=[2, 5, 8, 9, 10],
        control_balanced=True,
        note="'Health' and 'Transport' carry the sum of the rows under them, 'Outlays' the sum of all, and "
        "'(On-budget)' / '(Off-budget)' split 'Outlays': none of them is a budget line.",
    )


def recap_below_table() -> None:
    rows = [
        ["City of Elmford - FY2025 adopted budget"],
        ["Department", "Amount"],
        ["Fire", "4,100,000"],
        ["Police", "7,250,000"],
        ["Parks", "900,000"],
        ["Libraries", "650,000"],
        [],
        ["Summary by service area", ""],
        ["Public safety", "11,350,000"],
        ["Culture and recreation", "1,550,000"],
    ]
    write_text("recap_below_table.csv", rows)
    write_case(
        "recap_below_table",
        "recap_below_table.csv",
        [
            ("Fire", None, "FY2025", "4100000.00", "USD"),
            ("Police", None, "FY2025", "7250000.00", "USD"),
            ("Parks", None, "FY2025", "900000.00", "USD"),
            ("Libraries", None, "FY2025", "650000.00", "USD"),
        ],
        reported=[9, 10],
        control_balanced=True,
        note="The summary below the department list repeats its total by service area: a recap, not more "
        "budget lines.",
    )
