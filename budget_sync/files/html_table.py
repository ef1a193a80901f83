"""'Excel' exports that are really an HTML table (old NetSuite, SAP and web-report downloads)."""

from __future__ import annotations

from html.parser import HTMLParser

from budget_sync.files.table import Sheet


def looks_like_html(text: str) -> bool:
    head = text[:2000].lstrip().lower()
    return (
        head.startswith(("<!doctype html", "<html", "<table", "<?xml")) and "<table" in text[:200_000].lower()
    )


class _Tables(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[list[str]]] = []
        self.depth = 0
        self.row: list[str] | None = None
        self.cell: list[str] | None = None
        self.span = 1

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.depth += 1
            if self.depth == 1:
                self.tables.append([])
        elif self.depth == 1 and tag == "tr":
            self.row = []
        elif self.depth == 1 and tag in ("td", "th") and self.row is not None:
            self.cell = []
            span = dict(attrs).get("colspan") or "1"
            self.span = int(span) if span.isdecimal() and 0 < int(span) < 100 else 1
        elif tag == "br" and self.cell is not None:
            self.cell.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag == "table":
            self.depth = max(0, self.depth - 1)
        elif self.depth == 1 and tag in ("td", "th") and self.cell is not None and self.row is not None:
            self.row.append(" ".join("".join(self.cell).split()))
            self.row.extend([""] * (self.span - 1))
            self.cell = None
        elif self.depth == 1 and tag == "tr" and self.row is not None:
            self.tables[-1].append(self.row)
            self.row = None

    def handle_data(self, data: str) -> None:
        if self.cell is not None:
            self.cell.append(data)


def read_html_tables(text: str, file_name: str) -> list[Sheet]:
    """One sheet per top-level table, named 'Table 1', 'Table 2', ..."""
    parser = _Tables()
    parser.feed(text)
    parser.close()
    return [Sheet(name=f"Table {n}", rows=rows) for n, rows in enumerate(parser.tables, start=1) if rows]
