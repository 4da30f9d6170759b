"""The CSV helpers every importer shares: decoding, delimiter, header search, line numbers."""

from __future__ import annotations

import csv
import io
import shutil
from collections import Counter
from pathlib import Path

import pytest

from ascent.errors import InputError
from ascent.importers import textfiles
from ascent.importers.registry import importers
from ascent.importers.source import Source
from ascent.importers.textfiles import (
    FIELD_SIZE_LIMIT,
    Header,
    cell,
    decode_bytes,
    decode_stream,
    has_columns,
    header_key,
    open_table,
    sniff_delimiter,
    unix_newlines,
)

IS_HEADER = has_columns("Name", "Date")


def table_of(data: bytes, **kwargs: object) -> list[tuple[int, list[str]]]:
    table = open_table(io.BytesIO(data), "f.csv", IS_HEADER, **kwargs)  # type: ignore[arg-type]
    return list(table.rows())


def test_utf8_bom_is_stripped_from_the_first_header_cell() -> None:
    table = open_table(io.BytesIO(b"\xef\xbb\xbfName,Date\nAda,1\n"), "f.csv", IS_HEADER)
    assert table.encoding == "utf-8-sig"
    assert table.header.names == ("Name", "Date")


def test_utf16le_with_bom_is_tab_separated_and_fully_quoted() -> None:
    data = b"\xff\xfe" + '"Name"\t"Date"\n"Zoë, Jr."\t"2018/01/02 03:04:05 UTC"\n'.encode(
        "utf-16-le"
    )
    table = open_table(io.BytesIO(data), "f.csv", IS_HEADER)
    assert (table.encoding, table.delimiter) == ("utf-16", "\t")
    assert list(table.rows()) == [(2, ["Zoë, Jr.", "2018/01/02 03:04:05 UTC"])]


def test_bytes_that_are_not_utf8_fall_back_to_cp1252() -> None:
    text, encoding = decode_stream(io.BytesIO("Name,Date\nRenée €,1\n".encode("cp1252")))
    assert encoding == "utf-8"
    assert text.read() == "Name,Date\nRenée €,1\n"


class _Raw(io.RawIOBase):
    """A stream without ``peek``, like some file-like objects users hand in."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: bytearray) -> int:  # type: ignore[override]
        return self._data.readinto(buffer)


def test_a_stream_without_peek_is_buffered_before_sniffing() -> None:
    table = open_table(_Raw(b"\xef\xbb\xbfName,Date\nA,1\n"), "f.csv", IS_HEADER)
    assert (table.encoding, list(table.rows())) == ("utf-8-sig", [(2, ["A", "1"])])


def test_broken_utf16_raises_input_error_naming_the_file() -> None:
    data = b"\xff\xfe" + "Name\tDate\n".encode("utf-16-le") + b"\x00\xd8A\x00"
    with pytest.raises(InputError, match=r"f\.csv.*not decodable"):
        table_of(data)


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        (["Name,Date\n"], ","),
        (["Name;Date;Company\n", "Ada;1;Acme, Inc.\n"], ";"),
        (['"Name"\t"Date"\n'], "\t"),
        (["Notes:\n", '"one, two, three"\n', "\n", "Name;Date\n"], ";"),
        (["just one column\n"], ","),
    ],
)
def test_sniff_delimiter(sample: list[str], expected: str) -> None:
    assert sniff_delimiter(sample) == expected


def test_semicolon_file_from_a_european_excel_is_read() -> None:
    assert table_of(b"Name;Date\r\nAda;1\r\n") == [(2, ["Ada", "1"])]


def test_header_is_found_below_a_preamble_with_quoted_commas() -> None:
    data = b'Notes:\n"Some text, with commas, and a URL"\n\nName,Date\nAda,1\n'
    table = open_table(io.BytesIO(data), "f.csv", IS_HEADER)
    assert table.header.line == 4
    assert list(table.rows()) == [(5, ["Ada", "1"])]


def test_missing_header_raises_input_error_with_the_expected_columns() -> None:
    with pytest.raises(InputError, match=r"f\.csv: no header row found \(expected Name,Date\)"):
        open_table(io.BytesIO(b"hello\nworld\n"), "f.csv", IS_HEADER, expected="Name,Date")


def test_empty_file_has_no_header() -> None:
    with pytest.raises(InputError, match="no header row"):
        table_of(b"")


def test_rows_carry_the_physical_line_they_start_on() -> None:
    data = b'Name,Date\r\n"two\r\nlines",1\r\n\r\nnext,2\r\n"three\nline\nfield",3\nlast,4'
    assert table_of(data) == [
        (2, ["two\r\nlines", "1"]),
        (4, []),
        (5, ["next", "2"]),
        (6, ["three\nline\nfield", "3"]),
        (9, ["last", "4"]),
    ]


def test_backslash_escaped_quotes_need_the_escapechar() -> None:
    data = b'Name,Date\n"He said \\"hi\\", ok",1\n'
    assert table_of(data, escapechar="\\") == [(2, ['He said "hi", ok', "1"])]


def test_header_match_ignores_case_spaces_and_underscores() -> None:
    header = Header(1, ("Date", "ShareLink", "SharedUrl", "Share Commentary"))
    assert header.index("SHARED URL") == 2
    assert header.index("share_commentary") == 3
    assert header.index("Missing", "sharelink") == 1
    assert header.index("Missing") is None
    assert header_key("\ufeffFirst Name") == "firstname"


def test_cell_strips_and_treats_na_and_missing_columns_as_empty() -> None:
    row = [" Ada\t", "NA", "x"]
    assert [cell(row, 0), cell(row, 1), cell(row, 2), cell(row, 7), cell(row, None)] == [
        "Ada",
        "",
        "x",
        "",
        "",
    ]


def test_unix_newlines() -> None:
    assert unix_newlines("a\r\nb\nc") == "a\nb\nc"


def test_decode_bytes_chooses_like_the_stream_reader() -> None:
    assert decode_bytes("Müller".encode("utf-16")) == "Müller"
    assert decode_bytes(b"\xef\xbb\xbfM\xc3\xbcller") == "Müller"
    assert decode_bytes(b"M\xfcller \xe2\x82\xac") == "Müller €"  # cp1252 byte beside UTF-8


# --- delimiter: the header decides, never the widest row (issue 8, item 1) ---------------------

#: text full of HTML entities, each ending in ``;``: LinkedIn message content looks like this
ENTITIES = "It&rsquo;s&nbsp;great &amp; more&hellip;" * 8


def test_an_entity_heavy_comma_file_is_read_by_comma() -> None:
    data = (
        "From,To,Date,Subject,Content,Direction,Folder\n"
        f'Bob Sample,Ada Example,"10/16/18, 8:36 AM",Hi,"Hi Ada,{ENTITIES}",INCOMING,INBOX\n'
    ).encode()
    table = open_table(io.BytesIO(data), "Messages.csv", has_columns("From", "Content"))
    assert (table.delimiter, table.header.line) == (",", 1)
    assert [len(row) for _, row in table.rows()] == [7]


def test_an_entity_heavy_european_resave_is_read_by_semicolon() -> None:
    data = (f'\ufeffName;Date;Note\r\nAda;1;"{ENTITIES}"\r\nBob, Jr.;2;x\r\n').encode()
    table = open_table(io.BytesIO(data), "f.csv", IS_HEADER)
    assert table.delimiter == ";"
    assert [row for _, row in table.rows()] == [["Ada", "1", ENTITIES], ["Bob, Jr.", "2", "x"]]


def test_an_entity_heavy_utf16_tab_file_is_read_by_tab() -> None:
    text = f'"Name"\t"Date"\t"Note"\n"Ada"\t"1"\t"{ENTITIES}"\n'
    table = open_table(io.BytesIO(b"\xff\xfe" + text.encode("utf-16-le")), "f.csv", IS_HEADER)
    assert table.delimiter == "\t"
    assert [row for _, row in table.rows()] == [["Ada", "1", ENTITIES]]


def test_a_one_column_header_takes_the_most_consistent_delimiter() -> None:
    data = f"name\n{ENTITIES}\nb\n".encode()
    assert open_table(io.BytesIO(data), "f.csv", has_columns("name")).delimiter == ","
    data = b"name;visitors\nLinkedIn;3\nDirect, None;4\n"
    assert open_table(io.BytesIO(data), "f.csv", has_columns("name")).delimiter == ";"


@pytest.mark.parametrize(
    ("sample", "expected"),
    [
        ([f"a,b,{ENTITIES}\n", "c,d,e\n", "f,g,h\n"], ","),
        (["a;b;1,5\n", "c;d;2,5\n", "e;f;3\n"], ";"),
    ],
)
def test_sniffing_without_a_header_counts_consistent_rows(sample: list[str], expected: str) -> None:
    assert sniff_delimiter(sample) == expected


FIXTURES = Path(__file__).parents[1] / "fixtures"
#: every fixture read through textfiles: (folder or file, importer, words given entities)
CSV_FIXTURES = [
    ("linkedin/2018", "linkedin", ("Ada", "Selling", "Thanks")),
    ("linkedin/2022", "linkedin", ("Ada", "Great")),
    ("linkedin/2024", "linkedin", ("Ada", "Thanks")),
    ("linkedin/2026", "linkedin", ("Ada", "Thanks")),
    ("linkedin/excel_resaved", "linkedin", ("Ada", "Jane")),
    ("ascent_csv/pursuits.csv", "ascent_csv", ("Acme",)),
    ("hubspot/2024", "hubspot", ("Acme", "Globex")),
    ("salesforce/en_US", "salesforce", ("Acme",)),
    ("salesforce/de", "salesforce", ("Ada",)),
    ("pipedrive/2024", "pipedrive", ("Acme", "Ada")),
    ("ga4/acquisition", "ga4", ("newsletter", "Ada")),
    ("plausible/imported", "plausible", ("LinkedIn",)),
    ("matomo/campaigns_utf8", "matomo", ("march-digest",)),
    ("matomo/utf16", "matomo", ("Ada", "linkedin", "LinkedIn")),
    ("mastodon/2024/following_accounts.csv", "mastodon", ("true",)),
]


def _summary(path: Path, importer: str) -> Counter[tuple[str, str | None]]:
    (found,) = [i for i in importers() if i.name == importer]
    with Source.open(path) as source:
        return Counter((type(r).__name__, getattr(r, "kind", None)) for r in found.parse(source))


def _rewrite(path: Path, words: tuple[str, ...], delimiter: str | None) -> None:
    """Give ``words`` entities everywhere (keeping the encoding); re-save by ``delimiter``."""
    for file in [path] if path.is_file() else sorted(path.rglob("*.csv")):
        data = file.read_bytes()
        utf16 = data.startswith(b"\xff\xfe")
        text = decode_bytes(data)
        was = max(("\t", ";", ","), key=text.count)
        for word in words:
            text = text.replace(word, word + ENTITIES)
        if delimiter:
            out = io.StringIO(newline="")
            rows = csv.reader(io.StringIO(text, newline=""), delimiter=was)
            csv.writer(out, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
            text = out.getvalue()
        file.write_bytes(text.encode("utf-16") if utf16 else text.encode("utf-8"))


@pytest.mark.parametrize(("fixture", "importer", "words"), CSV_FIXTURES)
@pytest.mark.parametrize("delimiter", [None, ";"])
def test_every_csv_format_reads_entity_heavy_text_and_semicolon_resaves(
    tmp_path: Path, fixture: str, importer: str, words: tuple[str, ...], delimiter: str | None
) -> None:
    original = FIXTURES / fixture
    copy = tmp_path / original.name
    if original.is_dir():
        shutil.copytree(original, copy)
    else:
        shutil.copy(original, copy)
    _rewrite(copy, words, delimiter)
    assert _summary(copy, importer) == _summary(original, importer)


# --- field size: long message bodies are read, only a field over the cap is refused (item 14) --


@pytest.mark.parametrize("quote", ["", '"'])
def test_a_one_megabyte_field_is_read_whole(quote: str) -> None:
    body = "word " * 200_000 + "end"
    data = f"Name,Date\n{quote}{body}{quote},1\nnext,2\n".encode()
    assert table_of(data) == [(2, [body, "1"]), (3, ["next", "2"])]


def test_a_field_over_the_cap_is_one_line_naming_file_and_line() -> None:
    data = b"Name,Date\nAda,1\n" + b"x" * (FIELD_SIZE_LIMIT + 1) + b",2\n"
    with pytest.raises(InputError) as caught:
        table_of(data)
    assert str(caught.value) == (
        "f.csv:3: a field is longer than 16,777,216 characters (the cap on one CSV field)"
    )


@pytest.mark.parametrize("where", ["first line", "after the header"])
def test_an_endless_line_is_refused_before_it_is_read_whole(
    monkeypatch: pytest.MonkeyPatch, where: str
) -> None:
    monkeypatch.setattr(textfiles, "LINE_CHARS", 200_000)
    endless = b"y" * 250_000 + b"\n"
    data = endless if where == "first line" else b"Name,Date\nAda,1\n" + endless
    line = 1 if where == "first line" else 3
    with pytest.raises(InputError) as caught:
        table_of(data)
    assert str(caught.value) == f"f.csv:{line}: a line is longer than 200,000 characters (the cap)"


def test_lines_up_to_the_cap_are_read_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(textfiles, "LINE_CHARS", 200_000)
    long_name = "z" * 150_000
    rows = table_of(f"Name,Date\n{long_name},1\nBo,2\n".encode())
    assert rows == [(2, [long_name, "1"]), (3, ["Bo", "2"])]
