"""Exports that are not UTF-8: the code page is told by its words, or the file is refused."""

from __future__ import annotations

import pytest

from budget_sync.errors import FileReadError
from budget_sync.files.text import decode_text
from budget_sync.mapping.engine import map_file

WESTERN = {
    "german": "Abteilung,Kategorie,Periode,Betrag\nGeschäftsführung,Büro,2025-01,1200\nMärkte,Gebühren,2025-02,90\n",
    "french": "Département,Catégorie,Période,Montant\nDirection générale,Déplacements,2025-01,1200\nMarché,Études,2025-03,45\n",
    "spanish": "Departamento,Categoría,Período,Importe\nAdministración,Viajes,2025-01,1200\nCompañía,Formación,2025-02,300\n",
    "portuguese": "Departamento,Categoria,Período,Valor\nAdministração,Viagens,2025-01,1200\nGestão,Formação,2025-03,450\n",
    "units": "Dept,Sub,Period,Amount\nFacilities,Floor m²,2025-01,1200\nOps,Coffee ½ price,2025-02,300\nCafé,Food,2025-01,5\n",
}
OTHERS = {
    "cp1251": "Отдел,Категория,Период,Сумма\nБухгалтерия,Канцелярия,2025-01,1200\nПродажи,Командировки,2025-02,300\n",
    "cp1250": "Dział,Kategoria,Okres,Kwota\nKsięgowość,Biuro,2025-01,1200\nSprzedaż,Podróże,2025-02,300\n",
    "cp1253": "Τμήμα,Κατηγορία,Περίοδος,Ποσό\nΛογιστήριο,Ταξίδια,2025-01,1200\nΠωλήσεις,Γραφείο,2025-02,300\n",
    "shift_jis": "部門,区分,期間,金額\n営業部,交通費,2025-01,1200\n総務部,消耗品,2025-02,300\n",
}


@pytest.mark.parametrize("name", sorted(WESTERN))
def test_western_exports_stay_windows_1252(name):
    text = WESTERN[name]
    assert decode_text(text.encode("cp1252"), f"{name}.csv") == (text, "windows-1252")


@pytest.mark.parametrize("encoding", sorted(OTHERS))
def test_cyrillic_central_european_greek_and_japanese_exports_are_read_in_their_code_page(encoding):
    text = OTHERS[encoding]
    decoded, used = decode_text(text.encode(encoding), "budget.csv")
    assert decoded == text and used.replace("windows-", "cp") == encoding


def test_names_of_a_cyrillic_export_become_departments_unchanged():
    data = OTHERS["cp1251"].encode("cp1251")
    result = map_file(data, file_name="budget.csv", config={"department": "Отдел"})
    assert sorted({b.department for b in result.budgets}) == ["Бухгалтерия", "Продажи"]


def test_an_export_no_code_page_reads_as_real_words_is_refused_not_garbled():
    # Hebrew in windows-1255: Windows-1252 gives accented-letter soup, no known code page gives real words
    data = "מחלקה,קטגוריה,תקופה,סכום\nהנהלה,נסיעות,2025-01,1200\nמכירות,משרד,2025-02,300\n".encode("cp1255")
    with pytest.raises(
        FileReadError, match=r"budget\.csv: the text encoding cannot be told apart.*save the file as UTF-8"
    ):
        decode_text(data, "budget.csv")


def test_czech_that_also_reads_as_western_words_stays_windows_1252_as_documented():
    text = "Oddělení,Kategorie\nÚčetnictví,Kancelář\n"
    decoded, used = decode_text(text.encode("cp1250"), "budget.csv")
    assert used == "windows-1252" and decoded != text  # the documented limit: use UTF-8 for such files
