"""Which legacy code page a text export that is not UTF-8 was written in.

Windows-1252 stays the default (Western European exports), but Cyrillic (Windows-1251), Central European
(Windows-1250) and Japanese (Shift-JIS, cp932) exports read as Windows-1252 come out as plausible-looking
garbage ('Îòäåë' for 'Отдел', 'Dzia³' for 'Dział'), and the garbled names would become departments. A
decoding is judged by its words: in real text a word is letters of one script, and a Latin word carries
few accented letters; a word that is mostly accented letters, or has a symbol between its letters, is
garbled. Windows-1252 is kept while its words look real; otherwise the one other code page whose words
all look real is taken, and when none or more than one does, the file is refused rather than guessed.
Windows-1250 text that also reads as real Windows-1252 words (Czech 'Částka' as 'Èástka') cannot be told
apart by letters alone and stays Windows-1252, as before.
"""

from __future__ import annotations

import re
import unicodedata

from budget_sync.errors import FileReadError

DEFAULT = "cp1252"
ALTERNATIVES = ("cp1251", "cp1250", "cp1253", "cp932")
NAMES = {
    "cp1252": "windows-1252",
    "cp1251": "windows-1251",
    "cp1250": "windows-1250",
    "cp1253": "windows-1253",
    "cp932": "shift_jis",
}
SAMPLE = 200_000
_WORD = re.compile(r"[^\s,;\t|\"'()\[\]{}<>=+*/\\:.!?0-9_-]+")


def legacy_decode(data: bytes, file_name: str) -> tuple[str, str]:
    """The text and its encoding's name, for bytes that are not UTF-8 (and not mixed UTF-8)."""
    sample = data[:SAMPLE]
    default = _decoded(sample, DEFAULT)
    if default is not None and _looks_real(default):
        return data.decode(DEFAULT, errors="replace"), NAMES[DEFAULT]
    plausible = [
        enc for enc in ALTERNATIVES if (text := _decoded(sample, enc)) is not None and _looks_real(text)
    ]
    if len(plausible) == 1:
        encoding = plausible[0]
        try:
            return data.decode(encoding), NAMES[encoding]
        except UnicodeDecodeError:
            pass
    if default is not None and not _has_words(default):
        return data.decode(DEFAULT, errors="replace"), NAMES[DEFAULT]
    could = " or ".join(NAMES[e] for e in plausible) if plausible else "an encoding not recognised here"
    raise FileReadError(
        f"{file_name}: the text encoding cannot be told apart (it is not UTF-8; read as windows-1252 its "
        f"names look garbled; it could be {could}); nothing was imported, save the file as UTF-8 and upload again"
    )


def shift_jis_text(data: bytes) -> str | None:
    """The text when `data` is clean Shift-JIS with Japanese words (checked before the mixed UTF-8 rule:
    Shift-JIS byte pairs can look like UTF-8 sequences)."""
    text = _decoded(data[:SAMPLE], "cp932")
    if text is None or not _looks_real(text):
        return None
    if not any(_script(ch) == "japanese" for ch in text if ch.isalpha()):
        return None
    western = _decoded(data[:SAMPLE], DEFAULT)
    if western is not None and _looks_real(western):
        return None  # real Windows-1252 words ('Administração'): their bytes can pair up as Shift-JIS too
    try:
        return data.decode("cp932")
    except UnicodeDecodeError:
        return None


def _decoded(sample: bytes, encoding: str) -> str | None:
    try:
        return sample.decode(encoding)
    except UnicodeDecodeError as exc:
        if exc.start >= len(sample) - 3:  # the sample cut a multi-byte character
            return sample[: exc.start].decode(encoding, errors="replace")
        return None


def _non_ascii_words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if not w.isascii()]


def _has_words(text: str) -> bool:
    return bool(_non_ascii_words(text))


def _looks_real(text: str) -> bool:
    words = _non_ascii_words(text)
    if not words:
        return True
    garbled = sum(1 for w in words if _garbled(w))
    return garbled == 0 or (garbled < 2 and garbled * 10 < len(words))


def _garbled(word: str) -> bool:
    scripts = {_script(ch) for ch in word if ch.isalpha()}
    if "latin-ascii" in scripts and scripts - {"latin-ascii", "latin"}:
        return True  # 'Administra鈬o': plain Latin letters around a letter of another script
    scripts.discard("latin-ascii")
    if any(not ch.isalpha() and not ch.isascii() for ch in word[1:-1]):
        return True  # a symbol between letters: 'Dzia³'
    if len(scripts - {"latin"}) > 1 or ("latin" in scripts and len(scripts) > 1):
        return True  # letters of two scripts in one word
    if any(a.islower() and b.isupper() and not b.isascii() for a, b in zip(word, word[1:], strict=False)):
        return True  # 'ФбоЯдйб': a capital inside a word, as Greek read as Cyrillic gives
    if scripts == {"latin"}:
        letters = [ch for ch in word if ch.isalpha()]
        accented = sum(1 for ch in letters if not ch.isascii())
        return len(letters) >= 3 and accented * 2 > len(letters)  # 'Îòäåë': mostly accented letters
    return False


def _script(ch: str) -> str:
    if ch.isascii():
        return "latin-ascii"
    name = unicodedata.name(ch, "")
    if name.startswith("LATIN"):
        return "latin"
    if name.startswith("CYRILLIC"):
        return "cyrillic"
    if name.startswith(("HIRAGANA", "KATAKANA", "CJK", "HALFWIDTH KATAKANA")):
        return "japanese"
    if name.startswith("GREEK"):
        return "greek"
    return "other"
