"""Writes the mapping corpus: every export under files/ and, beside it, cases/<name>.yaml holding what a
careful person reads off the file. Run from the repository root:

    .venv/bin/python -m budget_sync_tests.corpus.build_corpus
"""

from __future__ import annotations

from budget_sync_tests.corpus import (
    currency_exports,
    fiscal_exports,
    hierarchy_exports,
    key_exports,
    layout_exports,
    mixed_exports,
    other_formats,
    outline_report,
    plain_exports,
    printed_exports,
    report_exports,
    text_exports,
    vendor_exports,
    version_exports,
    workbook_exports,
)
from budget_sync_tests.corpus.writers import CASES, FILES

BUILDERS = [
    text_exports.plain_long,
    text_exports.semicolon_european,
    text_exports.legacy_code_pages,
    text_exports.tab_separated,
    text_exports.pipe_delimited,
    text_exports.utf16_bom,
    text_exports.amount_spellings,
    text_exports.quarters_columns,
    text_exports.years_columns,
    text_exports.year_and_month_columns,
    text_exports.amount_header_year,
    text_exports.scale_k,
    text_exports.scale_000s,
    text_exports.scale_m,
    text_exports.currency_column,
    text_exports.symbol_currency,
    text_exports.utf8_accents,
    text_exports.excel_sep_line,
    vendor_exports.repeated_headers,
    vendor_exports.trailing_notes,
    vendor_exports.error_cells_csv,
    vendor_exports.version_filter,
    vendor_exports.unusual_headers,
    vendor_exports.anaplan_flat,
    vendor_exports.netsuite_export,
    vendor_exports.sap_export,
    vendor_exports.default_period_and_currency,
    vendor_exports.months_without_year,
    vendor_exports.sheets_api_rows,
    workbook_exports.title_block,
    workbook_exports.months_columns_title,
    workbook_exports.month_date_headers,
    workbook_exports.merged_departments,
    workbook_exports.outline_layout,
    workbook_exports.subtotals_mismatch,
    workbook_exports.wide_total_right,
    workbook_exports.scale_in_thousands,
    workbook_exports.blank_rows_and_columns,
    workbook_exports.error_cells_xlsx,
    workbook_exports.several_sheets,
    workbook_exports.sheet_from_config,
    workbook_exports.header_row_from_config,
    workbook_exports.cached_formulas,
    workbook_exports.offset_table_errors,
    other_formats.legacy_xls,
    other_formats.open_document,
    layout_exports.pivot_blank_departments,
    layout_exports.loose_headers,
    layout_exports.posting_periods,
    layout_exports.long_date_cells,
    layout_exports.macro_enabled,
    layout_exports.prophix_preset,
    layout_exports.wide_grand_total,
    layout_exports.two_row_header,
    layout_exports.currency_in_header,
    fiscal_exports.april_fiscal_year,
    fiscal_exports.posting_periods_april,
    fiscal_exports.header_line_breaks,
    report_exports.budget_vs_actual,
    report_exports.headcount_column,
    report_exports.sheet_by_content,
    report_exports.comma_decimals,
    report_exports.iso_dates,
    outline_report.netsuite_budget_report,
    mixed_exports.mixed_period_spellings,
    mixed_exports.currency_codes_in_amounts,
    mixed_exports.numeric_codes,
    mixed_exports.wide_currency_per_row,
    version_exports.version_row_labels,
    version_exports.actuals_below_budget,
    version_exports.fiscal_year_ranges,
    version_exports.foreign_month_names,
    key_exports.codes_beside_titles,
    key_exports.grant_with_quantities,
    key_exports.goal_rows_without_total,
    plain_exports.plain_name_value,
    plain_exports.spanish_approved_amounts,
    plain_exports.german_amounts_by_year,
    plain_exports.grant_cost_types,
    plain_exports.stacked_item_tables,
    currency_exports.iso_codes_beside_amounts,
    printed_exports.dotted_leaders,
    printed_exports.malformed_dimension,
    hierarchy_exports.group_rows_above_members,
    hierarchy_exports.recap_below_table,
]


def main() -> None:
    FILES.mkdir(exist_ok=True)
    CASES.mkdir(exist_ok=True)
    for build in BUILDERS:
        build()
    print(f"wrote {len(BUILDERS)} cases to {CASES}")


if __name__ == "__main__":
    main()
