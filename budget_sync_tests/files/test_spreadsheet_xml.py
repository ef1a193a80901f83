"""Excel 2003 XML Spreadsheet exports."""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files import read_table
from budget_sync.mapping import map_file

XML = """<?xml version="1.0"?>
<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"
 xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">
 <Worksheet ss:Name="Notes"><Table><Row><Cell><Data ss:Type="String">read me</Data></Cell></Row></Table></Worksheet>
 <Worksheet ss:Name="Plan FY25">
  <Table>
   <Row><Cell ss:MergeAcross="2"><Data ss:Type="String">Plan FY25</Data></Cell></Row>
   <Row ss:Index="3"><Cell><Data ss:Type="String">Department</Data></Cell>
    <Cell><Data ss:Type="DateTime">2025-01-01T00:00:00.000</Data></Cell>
    <Cell><Data ss:Type="DateTime">2025-02-01T00:00:00.000</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Sales</Data></Cell><Cell><Data ss:Type="Number">0.30000000000000004</Data></Cell>
    <Cell><Data ss:Type="Error">#REF!</Data></Cell></Row>
   <Row><Cell><Data ss:Type="String">Ops</Data></Cell><Cell ss:Index="3"><Data ss:Type="Number">1234.5</Data></Cell></Row>
  </Table>
 </Worksheet>
</Workbook>"""


def test_rows_indexes_dates_and_errors():
    table = read_table(XML.encode(), file_name="plan.xml")
    assert table.format == "xml" and [s.name for s in table.sheets] == ["Notes", "Plan FY25"]
    sheet = table.sheets[1]
    assert sheet.rows[0] == ["Plan FY25", None, None]
    assert sheet.rows[1] == []
    assert sheet.rows[2][1] == datetime(2025, 1, 1)
    assert sheet.rows[4] == ["Ops", None, "1234.5"]
    assert sheet.errors == {(3, 2): "#REF!"}


def test_xml_spreadsheet_maps_with_exact_numbers_and_error_rejections():
    result = map_file(XML.encode(), file_name="plan.xls")
    assert result.sheet == "Plan FY25"
    assert [(b.department, b.fiscal_period, b.budgeted_amount) for b in result.budgets] == [
        ("Sales", "2025-01", Decimal("0.30000000000000004")),
        ("Ops", "2025-02", Decimal("1234.50")),
    ]
    assert [(r.row, "#REF!" in r.reason) for r in result.rejected] == [(4, True)]


def test_damaged_xml():
    with pytest.raises(FileReadError, match="bad.xml"):
        read_table(XML[:400].encode(), file_name="bad.xml")


@pytest.mark.parametrize("index", ["2000000000", "abc", "-3", "0"])
@pytest.mark.parametrize("element", ["Row", "Cell"])
def test_bad_index_is_refused_naming_the_file_before_allocating(index, element):
    row = f'<Row ss:Index="{index}"><Cell><Data ss:Type="String">x</Data></Cell></Row>'
    if element == "Cell":
        row = f'<Row><Cell ss:Index="{index}"><Data ss:Type="String">x</Data></Cell></Row>'
    xml = (
        '<?xml version="1.0"?><Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
        f"{row}</Table></Worksheet></Workbook>"
    )
    with pytest.raises(FileReadError, match=r"^bomb\.xml: damaged XML spreadsheet \(") as info:
        read_table(xml.encode(), file_name="bomb.xml")
    assert index[:20] in str(info.value)
