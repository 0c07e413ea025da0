"""Raw text of a corpus file exactly as every offset sees it: UTF-8, no newline translation, BOM kept.

`raw_text(path)[start:end]` gives the exact words of any row that carries offsets.
"""

from __future__ import annotations

import functools
import hashlib
import importlib.resources
import os
import re
from pathlib import Path

from policy_rhetoric.core.errors import InputError

# Unicode category Cc (C0 and C1 controls, DEL) except tab, CR, LF and form feed; a regex, not a
# Python loop over every character, so a 50 MB document decodes in well under a second
_CONTROL = re.compile("[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f]")


@functools.cache
def _simplified_table() -> dict[int, str]:
    """OpenCC's traditional -> simplified character table (opencc-purepy's TSCharacters.txt), first
    candidate, one character for one: 4,137 characters."""
    source = importlib.resources.files("opencc_purepy") / "dicts" / "TSCharacters.txt"
    table = {}
    for line in source.read_text(encoding="utf-8").splitlines():
        traditional, _, candidates = line.partition("\t")
        first = candidates.split(" ")[0]
        if len(traditional) == 1 and len(first) == 1 and traditional != first:
            table[ord(traditional)] = first
    return table


def simplified(text: str) -> str:
    """`text` with traditional Chinese characters replaced by their simplified forms, character for
    character, so the result has the length of `text` and every offset into it is an offset into
    `text` (the lexicons are written in simplified characters; some sources, e.g. the 1954 work report
    on Wikisource, are in traditional ones)."""
    return text.translate(_simplified_table())


def raw_text(path: str | os.PathLike) -> str:
    """The file's text exactly as the offsets see it; InputError for bytes that are not usable text.

    Decoded as UTF-8 with no newline translation; a byte-order mark is kept (it is character 0)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            str(path),
            f"cannot read the file ({exc.strerror})",
            "check that the path names a readable file",
        ) from exc
    return decode_text(data, str(path))


def decode_text(data: bytes, name: str) -> str:
    """Bytes of a corpus file as text, or an InputError that says what is wrong and where (byte offset)."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(
            name,
            "the file is UTF-16 (it starts with a UTF-16 byte-order mark)",
            "re-save the file as UTF-8 (e.g. iconv -f UTF-16 -t UTF-8)",
        )
    nul = data.find(b"\x00")
    if nul >= 0:
        raise InputError(
            name,
            f"the file looks binary (NUL byte at byte offset {nul})",
            "give a UTF-8 plain-text capture of the document (not a PDF, Word or image file)",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(
            name,
            f"the file is not valid UTF-8 (byte offset {exc.start}: "
            f"{data[exc.start : exc.start + 4]!r})",
            "re-save the file as UTF-8 (e.g. iconv -f GB18030 -t UTF-8 for Chinese Windows files)",
        ) from exc
    if not text.strip(" \t\r\n\f\v\ufeff\u200b\u200c\u200d\u2060\u3000\u00a0"):
        raise InputError(
            name,
            "the file is empty or holds only white space",
            "remove the document from the manifest or replace the file with its text",
        )
    controls = [m.start() for m in _CONTROL.finditer(text)]
    if len(controls) > max(8, len(text) // 100):
        offset = len(text[: controls[0]].encode("utf-8"))
        raise InputError(
            name,
            f"the file looks binary ({len(controls)} control characters, the first at byte offset {offset})",
            "give a UTF-8 plain-text capture of the document",
        )
    return text


def file_sha256(path: str | os.PathLike) -> str:
    """SHA-256 of a file's bytes, as recorded in corpus/documents.tsv and provenance.json."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()
