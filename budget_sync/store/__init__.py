"""The budget database: schema and Alembic migrations, the set-based importer, the budget check, the
customer registry, the sync log and notifications. Nothing here imports Dagster.

Modules: `db` (engines, `ready_engine`, `upgrade`, `transaction`), `schema`, `money` (exact money on both
databases), `types`, `importer` (`import_budgets`), `check` (`check_budget`), `customers`, `syncs`,
`notifications`. Every function taking `db` accepts an Engine (its own transaction) or a Connection (the
caller's transaction).

Decisions worth knowing:
- Money is unconstrained NUMERIC on PostgreSQL and canonical decimal text on SQLite; amounts are stored with
  at least two decimals, at most 6 decimals and 18 integer digits; floats are refused.
- The audit log has no foreign key to `budgets` (append-only, budgets are never deleted; the per-row check
  cost a third of a large first load). Audit values are JSON objects with the amount as a decimal string.
- Keys seen on rejected rows are never soft-removed: an unreadable row is not evidence the budget is gone.
- Period dates follow the customer's `fiscal_year_start_month` at each import: when it changes, budgets
  whose dates moved are updated (a SYNC_UPDATE whose old and new values also carry the dates).
- On SQLite the `budget_availability` view subtracts in plain integer SQL over the decimal text (migration
  0005, `sqlite_money_sql`), so it is exact in any SQLite client, the `sqlite3` shell included.
"""
