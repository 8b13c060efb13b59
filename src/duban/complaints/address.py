"""Normalising Chinese addresses and firm names so that repeats find one another.

An address is peeled of the administrative divisions it starts with (province, city, county,
in full or abbreviated: 湖南 for 湖南省, 株洲 for 株洲市, 渌口 for 渌口区), read against the
region table (GB/T 2260, `core.Region`); full-width characters become half-width, spaces and
punctuation go, and Chinese numerals in house numbers become digits (八号 → 8号). What is left
is the key; the deepest division peeled is the address's region.

A firm's name loses the same divisions, a region in brackets (（株洲）), and its legal form
(有限责任公司, 股份有限公司, 有限公司, 公司, 集团, 分公司) — a 厂 stays: it names what the firm is.

Pure functions over a cached index of the region table (it never changes while running).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass
from functools import cache

from duban.core.models import Region

# Suffixes an abbreviation drops, longest first; the ethnic part of 自治州/县/旗 goes with it.
_SUFFIXES = (
    "特别行政区",
    "维吾尔自治区",
    "壮族自治区",
    "回族自治区",
    "自治区",
    "地区",
    "林区",
    "省",
    "市",
    "区",
    "县",
    "盟",
    "旗",
)
_AUTONOMOUS = re.compile(r"^(.{2,}?)(?:.{1,4}?族)+自治[州县旗]$|^(.{2,}?)自治[州县旗]$")
# Placeholders of the table that name no place.
_NOT_PLACES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})
# After an abbreviation these make it a street's name: 长沙路, 湘江大道, 株洲街.
_STREET_AFTER = frozenset("路街道巷桥弄")
_MIN_ALIAS = 2

_NUMERAL = re.compile(r"([零〇一二两三四五六七八九十百千]+)(?=号|栋|幢|楼|单元|室|层|组|弄|巷)")
_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4}
_DIGITS |= {"五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_UNITS = {"十": 10, "百": 100, "千": 1000}
_BRACKETED = re.compile(r"[(\[【]([^()\[\]【】]*)[)\]】]")

# Legal forms a firm's name loses, longest first (repeatedly: 集团股份有限公司 → 集团 → "").
_LEGAL_FORMS = (
    "有限责任公司",
    "股份有限公司",
    "集团有限公司",
    "股份公司",
    "有限公司",
    "分公司",
    "总公司",
    "公司",
    "集团",
)
# What teams write when the firm is not known: no key, so nothing is a repeat of it.
_UNKNOWN_FIRMS = frozenset({"不详", "未知", "无", "其他", "某企业", "某公司", "某厂", "个人"})
_MIN_FIRM_KEY = 2
_MIN_ADDRESS_KEY = 4


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    level: str
    parent: str | None


@dataclass(frozen=True)
class RegionIndex:
    """Every name and abbreviation of every division, with the divisions it may mean."""

    by_alias: dict[str, tuple[Place, ...]]
    full_names: frozenset[str]
    longest: int


def abbreviations(name: str) -> list[str]:
    """The short forms a division is written under (湖南省 → 湖南; 湘西土家族苗族自治州 → 湘西)."""
    found = []
    autonomous = _AUTONOMOUS.match(name)
    if autonomous:
        short = autonomous.group(1) or autonomous.group(2)
        found += [short, short + name[-1]]  # 湘西 and 湘西州
    for suffix in _SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix):
            found.append(name[: -len(suffix)])
            break
    return [short for short in found if len(short) >= _MIN_ALIAS and short != name]


@cache
def region_index() -> RegionIndex:
    """The index of the region table, read once per process."""
    by_alias: dict[str, list[Place]] = defaultdict(list)
    full: set[str] = set()
    for code, name, level, parent in Region.objects.values_list(
        "code", "name", "level", "parent_id"
    ):
        if name in _NOT_PLACES:
            continue
        place = Place(code, name, level, parent)
        full.add(name)
        for alias in [name, *abbreviations(name)]:
            by_alias[alias].append(place)
    longest = max((len(alias) for alias in by_alias), default=0)
    return RegionIndex({a: tuple(p) for a, p in by_alias.items()}, frozenset(full), longest)


def _below(place: Place, above: Place) -> bool:
    prefix = {"province": above.code[:2], "city": above.code[:4]}.get(above.level, above.code)
    return place.code != above.code and place.code.startswith(prefix)


def _choose(
    candidates: tuple[Place, ...], current: Place | None, province: str | None
) -> Place | None:
    """The one division an alias can mean here: below what was peeled so far, in the
    context's province; None when it means none or several."""
    if current is not None:
        candidates = tuple(p for p in candidates if _below(p, current))
    elif province is not None:
        candidates = tuple(p for p in candidates if p.code.startswith(province))
    return candidates[0] if len(candidates) == 1 else None


def peel_regions(text: str, *, within: Region | None = None) -> tuple[str | None, str]:
    """Strip the divisions `text` starts with: (the deepest one's code or None, the rest).
    `within` (the complaint's region) settles names several provinces share (鼓楼区)."""
    index = region_index()
    province = within.code[:2] if within is not None else None
    current: Place | None = None
    position = 0
    while position < len(text):
        step = _peel_one(index, text, position, current, province)
        if step is None:
            break
        current, position = step
    return (current.code if current else None), text[position:]


def _peel_one(
    index: RegionIndex, text: str, position: int, current: Place | None, province: str | None
) -> tuple[Place, int] | None:
    """The longest division name at `position` that fits, and where the text goes on."""
    for length in range(min(index.longest, len(text) - position), _MIN_ALIAS - 1, -1):
        alias = text[position : position + length]
        candidates = index.by_alias.get(alias)
        if not candidates:
            continue
        after = text[position + length : position + length + 1]
        if alias not in index.full_names and after in _STREET_AFTER:
            continue  # 长沙路 is a street in 株洲, not the city of 长沙
        place = _choose(candidates, current, province)
        if place is not None:
            return place, position + length
    return None


def chinese_number(numeral: str) -> int:
    """一百零三 → 103, 十二 → 12, 三〇五 → 305."""
    if not any(ch in _UNITS for ch in numeral):
        return int("".join(str(_DIGITS[ch]) for ch in numeral))
    total, digit = 0, 0
    for ch in numeral:
        if ch in _UNITS:
            total += (digit or 1) * _UNITS[ch]
            digit = 0
        else:
            digit = _DIGITS[ch]
    return total + digit


def _plain(text: str) -> str:
    """Half-width, upper-case, without spaces or punctuation, numerals in house numbers as
    digits."""
    text = unicodedata.normalize("NFKC", text).upper()
    text = "".join(ch for ch in text if ch.isalnum())
    return _NUMERAL.sub(lambda m: str(chinese_number(m.group(1))), text)


def normalize_address(address: str, *, within: Region | None = None) -> tuple[str | None, str]:
    """(the region code the address names or None, its key). The key is empty when too
    little is left to tell one place from another."""
    code, rest = peel_regions(_plain(address), within=within)
    return code, (rest if len(rest) >= _MIN_ADDRESS_KEY else "")


def _is_region_name(text: str) -> bool:
    return _plain(text) in region_index().by_alias


def firm_key(name: str, *, within: Region | None = None) -> str:
    """The firm's name without divisions, bracketed regions and legal form; empty when the
    firm is not known or too little is left."""
    name = unicodedata.normalize("NFKC", name)
    name = _BRACKETED.sub(lambda m: "" if _is_region_name(m.group(1)) else m.group(1), name)
    _, rest = peel_regions(_plain(name), within=within)
    changed = True
    while changed:
        changed = False
        for form in _LEGAL_FORMS:
            if rest.endswith(form) and len(rest) > len(form):
                rest, changed = rest[: -len(form)], True
                break
    if rest in _UNKNOWN_FIRMS or len(rest) < _MIN_FIRM_KEY:
        return ""
    return rest
