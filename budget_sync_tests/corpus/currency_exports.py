"""Currencies of the full ISO 4217 list written beside the number (issue 8, pattern 7).

A regional office export where each amount carries its code before or after the number, some with three
minor units (BHD), and a currency column holding a code that is not ISO 4217.
"""

from __future__ import annotations

from budget_sync_tests.corpus.writers import write_case, write_text


def iso_codes_beside_amounts() -> None:
    rows = [
        ["Department", "Period", "Budget", "Currency"],
        ["Kyiv", "FY2025", "UAH 1,200,000", "UAH"],
        ["Lahore", "FY2025", "2,450,000 PKR", "PKR"],
        ["Manama", "FY2025", "BHD 18,250.125", "BHD"],
        ["Nairobi", "FY2025", "(KES 40,000)", "KES"],
        ["Moon Base", "FY2025", "5,000", "MNB"],
    ]
    write_text("iso_codes_beside_amounts.csv", rows)
    write_case(
        "iso_codes_beside_amounts",
        "iso_codes_beside_amounts.csv",
        [
            ("Kyiv", None, "FY2025", "1200000.00", "UAH"),
            ("Lahore", None, "FY2025", "2450000.00", "PKR"),
            ("Manama", None, "FY2025", "18250.125", "BHD"),
            ("Nairobi", None, "FY2025", "-40000.00", "KES"),
        ],
        rejected=[[6, "MNB"]],
        note="Codes before or after the number keep their currency and their thousands separators; BHD has "
        "three minor units; 'MNB' is not in ISO 4217, so that row is rejected.",
    )
