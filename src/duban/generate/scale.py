"""Which provinces a generation covers, and how densely: national, one province, or N."""

from __future__ import annotations

from dataclasses import dataclass

from duban.errors import CommandError

HUNAN = "430000"  # always generated: the benchmark's city office (株洲) is in it
# The first national run: 2,903 problems and 31,057 tasks over 31 provinces.
PROBLEMS_PER_PROVINCE = 94
MAX_PROVINCES = 31


@dataclass(frozen=True)
class Scale:
    """`name` as given on the command line; `provinces` how many; `density` scales the rows
    per province (1.0 is national density; tests use a small one)."""

    name: str
    provinces: int
    density: float = 1.0

    @property
    def problems_per_province(self) -> int:
        return max(2, round(PROBLEMS_PER_PROVINCE * self.density))


def parse_scale(text: str, *, density: float = 1.0) -> Scale:
    """national (31 provinces), province (湖南 only) or N (the first N provinces, 湖南 among
    them); CommandError otherwise."""
    if not 0 < density <= 1:
        raise CommandError("--density must be in (0, 1]")
    if text == "national":
        return Scale(text, MAX_PROVINCES, density)
    if text == "province":
        return Scale(text, 1, density)
    if text.isdigit() and 1 <= int(text) <= MAX_PROVINCES:
        return Scale(text, int(text), density)
    raise CommandError(f"--scale must be national, province or 1…{MAX_PROVINCES}, not {text!r}")


def province_codes(scale: Scale, all_codes: list[str]) -> list[str]:
    """湖南 first, then the others in code order, cut to the scale (the 31 of the mainland:
    the region table's Hong Kong, Macao and Taiwan have no inspections)."""
    mainland = [code for code in sorted(all_codes) if code < "710000"]
    ordered = [HUNAN] + [code for code in mainland if code != HUNAN]
    return ordered[: scale.provinces]
