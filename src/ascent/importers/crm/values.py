"""Dates and amounts as CRM exports write them: in the exporting user's locale (FORMATS §5).

Salesforce writes ``3/15/2024`` (en_US), ``15/03/2024`` (en_GB) or ``15.03.2024`` (de), and
``12,000.00``, ``12.000,00`` or ``USD 12,000.00``; HubSpot files re-saved in Excel read
``4/8/2025 17:19``; Pipedrive XLSX cells hold Excel serial days (``45371``). ``4/8/2025``
cannot say which part is the day, so the order is decided once per FILE from all its dates
(``Evidence``): a first part above 12 proves day/month, a second part above 12 proves
month/day. Without proof, slashes are read month-first (en_US, the vendors' default) and the
import says so in a ``Note``; dots and dashes are day-first (no locale writes month.day). The
decimal separator is decided the same way from the amounts that show it.

Timezone rule: CRM dates are in the portal's or the user's timezone, which no export names;
they are taken as UTC. Date-only values are midnight UTC.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

#: Excel's day 0 (its serials count from 1900-01-01 = 1 and include the fictitious 1900-02-29)
EXCEL_EPOCH = datetime(1899, 12, 30, tzinfo=UTC)
#: serials Excel can show as dates (1900-01-01 … 9999-12-31)
EXCEL_SERIALS = (1, 2_958_465)
_ODD_SPACES = str.maketrans({"\u202f": " ", "\u00a0": " ", "\t": " "})
_LOCAL_DATE = re.compile(
    r"(\d{1,2})([./-])(\d{1,2})\2(\d{4}|\d{2})\.?"
    r"(?:[ T,]+(\d{1,2}):(\d{2})(?::(\d{2}))?(?:\s*([AaPp])\.?[Mm]\.?)?)?"
)
_SERIAL = re.compile(r"\d{1,7}(?:\.\d+)?")
#: Excel re-saves with month names (``18-Jun-24``), tried after the numeric forms
_NAMED_MONTH_FORMATS = ("%d-%b-%y", "%d-%b-%Y", "%d %b %Y", "%b %d, %Y", "%d-%b-%Y %H:%M")
_AMOUNT = re.compile(
    r"(?P<pre>[^\d+\-−]*?)\s*(?P<sign>[-+−]?)\s*(?P<num>\d[\d.,'\s]*?)\s*(?P<post>\D*)"
)
_GROUPING = re.compile(r"\d{1,3}(?:[,.]\d{3})+")
_CURRENCY_WORDS = frozenset({"kč", "zł", "kr", "fr.", "fr", "lei", "ft"})


class RowError(ValueError):
    """A value in one row is unusable; the message is the reason the user sees."""


@dataclass(frozen=True)
class Conventions:
    """How one file writes dates and amounts, decided by ``Evidence`` before it is parsed."""

    day_first: bool = False
    decimal: str = "."
    excel: bool = False
    notes: tuple[str, ...] = ()
    currencies: tuple[str, ...] = ()


@dataclass
class Evidence:
    """What a file's dates and amounts prove about its locale, gathered in a first pass."""

    excel: bool = False
    day_first: int = 0
    month_first: int = 0
    slash_example: str | None = None
    dotted: int = 0
    decimal_point: int = 0
    decimal_comma: int = 0
    amount_example: str | None = None
    currencies: set[str] = field(default_factory=set)

    def see_date(self, raw: str) -> None:
        match = _LOCAL_DATE.fullmatch(_squeeze(raw))
        if match is None:
            return
        first, separator, second = int(match[1]), match[2], int(match[3])
        if first > 12:
            self.day_first += 1
        elif second > 12:
            self.month_first += 1
        elif separator == "/" and first != second:
            self.slash_example = self.slash_example or raw
        self.dotted += separator != "/"

    def see_amount(self, raw: str, currency: str = "") -> None:
        if currency.strip():
            self.currencies.add(currency.strip().upper())
        parts = _split_amount(raw)
        if parts is None:
            return
        prefix, number = parts
        if prefix:
            self.currencies.add(prefix.upper())
        decimal = _decimal_shown(number)
        if decimal == ".":
            self.decimal_point += 1
        elif decimal == ",":
            self.decimal_comma += 1
        elif decimal is None and ("." in number or "," in number):
            self.amount_example = self.amount_example or raw

    def conventions(self) -> Conventions:
        day_first, date_note = self._day_order()
        decimal, amount_note = self._decimal(day_first)
        notes = tuple(n for n in (date_note, amount_note, self._currency_note()) if n)
        return Conventions(day_first, decimal, self.excel, notes, tuple(sorted(self.currencies)))

    def _day_order(self) -> tuple[bool, str | None]:
        if self.day_first and self.month_first:
            first = self.day_first >= self.month_first
            order = "day/month" if first else "month/day"
            counts = f"day/month ({self.day_first}) and month/day ({self.month_first})"
            return first, f"dates mix {counts}: read as {order}, the others are rejected"
        if self.day_first or self.month_first:
            return bool(self.day_first), None
        if self.slash_example is not None:
            return False, (
                f"dates like {self.slash_example!r} do not show which part is the "
                "day: read as month/day (en_US); no date in the file has a day "
                "above 12"
            )
        return self.dotted > 0, None

    def _decimal(self, day_first: bool) -> tuple[str, str | None]:
        if self.decimal_point or self.decimal_comma:
            return ("," if self.decimal_comma > self.decimal_point else "."), None
        decimal = "," if day_first and self.dotted else "."
        if self.amount_example is None:
            return decimal, None
        name = "comma" if decimal == "," else "point"
        return decimal, (
            f"amounts like {self.amount_example!r} do not show their decimal "
            f"separator: read with a decimal {name}"
        )

    def _currency_note(self) -> str | None:
        if len(self.currencies) < 2:
            return None
        names = ", ".join(sorted(self.currencies))
        return (
            f"amounts are in {len(self.currencies)} currencies ({names}): each is kept as "
            "a number in its own currency, nothing is converted"
        )


def parse_when(raw: str, conventions: Conventions) -> datetime:
    """``raw`` as an aware UTC datetime; ``ValueError`` when no form fits."""
    text = _squeeze(raw)
    iso = _iso(text)
    if iso is not None:
        return iso
    match = _LOCAL_DATE.fullmatch(text)
    if match is not None:
        try:
            return _local(match, conventions.day_first)
        except ValueError:
            raise ValueError(raw) from None
    if conventions.excel and _SERIAL.fullmatch(text):
        return excel_serial(float(text))
    for fmt in _NAMED_MONTH_FORMATS:
        try:
            return datetime.strptime(text, fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    raise ValueError(raw)


def excel_serial(days: float) -> datetime:
    """An Excel serial day (``45371`` = 2024-03-20, fractions are the time of day) in UTC."""
    if not EXCEL_SERIALS[0] <= days <= EXCEL_SERIALS[1]:
        raise ValueError(days)
    return EXCEL_EPOCH + timedelta(seconds=round(days * 86400))


def parse_amount(raw: str, conventions: Conventions) -> float | None:
    """A money amount as written in ``raw`` (None when empty); ``RowError`` when unreadable.

    One value decides by itself when it can: both separators (the last is the decimal one),
    a repeated separator (grouping), digits after a lone separator that are not a group of
    three (decimal). Only ``12,000``/``1.500`` fall back to the file's decimal separator.
    """
    if not raw.strip():
        return None
    parts = _split_amount(raw)
    if parts is None:
        raise RowError(f"unreadable amount {raw!r}")
    number = parts[1]
    decimal = _decimal_shown(number) or conventions.decimal
    grouping = "," if decimal == "." else "."
    digits = number.replace(grouping, "").replace(decimal, ".")
    try:
        return float(digits)
    except ValueError:
        raise RowError(f"unreadable amount {raw!r}") from None


def _split_amount(raw: str) -> tuple[str, str] | None:
    """(currency, signed number with its separators) of an amount, or None if it is none."""
    match = _AMOUNT.fullmatch(_squeeze(raw))
    if match is None:
        return None
    currency = (match["pre"].strip() + match["post"].strip()).strip()
    if match["pre"].strip() and match["post"].strip():
        return None
    if currency and not _is_currency(currency):
        return None
    number = re.sub(r"[\s']", "", match["num"])
    sign = "-" if match["sign"] in ("-", "−") else ""
    return currency, sign + number


def _decimal_shown(number: str) -> str | None:
    """The decimal separator ``number`` proves by itself, '' for a plain integer, else None."""
    digits = number.lstrip("-")
    points, commas = digits.count("."), digits.count(",")
    if points and commas:
        return "." if digits.rfind(".") > digits.rfind(",") else ","
    if not points and not commas:
        return ""
    separator = "." if points else ","
    if points + commas > 1:
        return "," if separator == "." else "."
    if _GROUPING.fullmatch(digits):
        return None
    return separator


def _is_currency(text: str) -> bool:
    """An ISO code (``USD``), a symbol (``€``, ``$``) or a local word (``Kč``, ``zł``)."""
    if re.fullmatch(r"[A-Za-z]{3}", text) or text.lower() in _CURRENCY_WORDS:
        return True
    return all(unicodedata.category(ch) == "Sc" for ch in text)


def _squeeze(raw: str) -> str:
    return " ".join(raw.translate(_ODD_SPACES).split())


def _iso(text: str) -> datetime | None:
    """Year-first dates and datetimes (``2024-03-15``, ``2024-03-15 10:00``, with ``Z``/offset)."""
    if len(text) < 10 or not text[:4].isdigit() or text[4] not in "-/.":
        return None
    text = text.removesuffix(" UTC").removesuffix(" GMT")
    if text[4] != "-":
        text = text[:10].replace(text[4], "-") + text[10:]
    try:
        at = datetime.fromisoformat(text)
    except ValueError:
        return None
    return at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)


def _local(match: re.Match[str], day_first: bool) -> datetime:
    first, second, year = int(match[1]), int(match[3]), int(match[4])
    day, month = (first, second) if day_first else (second, first)
    year += 2000 if year < 100 else 0
    hour, minute, second_ = int(match[5] or 0), int(match[6] or 0), int(match[7] or 0)
    if match[8]:
        if not 1 <= hour <= 12:
            raise ValueError(match[0])
        hour = hour % 12 + (12 if match[8].lower() == "p" else 0)
    return datetime(year, month, day, hour, minute, second_, tzinfo=UTC)
