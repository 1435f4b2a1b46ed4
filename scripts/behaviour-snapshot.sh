#!/usr/bin/env bash
# Writes what the engine says about the demo district to OUT: the CLI's `coverage`, `suggest`,
# `report` and `import-osm` outputs and the app's exports (the worker's handlers driven in Node).
# Run it on two builds and `diff -r` the folders to check that a change kept behaviour.
# Needs the built app (./scripts/build.sh). Workbooks are unpacked with their creation time masked.
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=$(realpath -m "${1:?usage: behaviour-snapshot.sh OUT}")
rm -rf "$OUT"
mkdir -p "$OUT/cli"
BIN=target/release/lifecircle
R=www/demo/residents.csv
S=www/demo/stations.csv
STREETS=www/demo/basemap.geojson
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT

# A proposal: one new station, one moved, one withdrawn (names from the demo's stations file).
python3 - "$S" "$TMP/proposal.csv" <<'EOF'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1], encoding='utf-8-sig')))
cols = list(rows[0].keys())
lon, lat, kind, name = cols[0], cols[1], cols[2], cols[3]
with open(sys.argv[2], 'w', encoding='utf-8') as f:
    f.write('lon,lat,kind,name,操作\n')
    f.write(f"{float(rows[0][lon]) + 0.004},{float(rows[0][lat]) + 0.003},{rows[0][kind]},新站甲,\n")
    f.write(f"{float(rows[1][lon]) - 0.002},{float(rows[1][lat])},{rows[1][kind]},{rows[1][name]},迁移\n")
    f.write(f",,{rows[2][kind]},{rows[2][name]},撤销\n")
EOF
# An area for siting: the middle of the district.
python3 - "$R" "$TMP/area.geojson" <<'EOF'
import csv, json, sys
rows = list(csv.reader(open(sys.argv[1], encoding='utf-8-sig')))[1:]
xs = [float(r[0]) for r in rows]; ys = [float(r[1]) for r in rows]
cx, cy = (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2
d = 0.01
ring = [[cx - d, cy - d], [cx + d, cy - d], [cx + d, cy + d], [cx - d, cy + d], [cx - d, cy - d]]
json.dump({"type": "Polygon", "coordinates": [ring]}, open(sys.argv[2], 'w'))
EOF

run() { local name=$1; shift; "$BIN" "$@" > "$OUT/cli/$name" 2> "$OUT/cli/$name.stderr" || echo "exit $?" >> "$OUT/cli/$name.stderr"; }
L=(--residents "$R" --stations "$S")
N=(--streets "$STREETS" --metric network)
run coverage.json coverage "${L[@]}"
run coverage.csv coverage "${L[@]}" --format csv
run coverage-settings.json coverage "${L[@]}" --radius 红蜂驿站=800 --radius 全龄食堂=600 --capacity 党群服务站=3000 --demand 党群服务站=老年人口 --crs wgs84
run coverage-gcj.json coverage "${L[@]}" --crs gcj02
run coverage-network.json coverage "${L[@]}" "${N[@]}" --residents-out "$OUT/cli/residents-network.geojson"
run coverage-network.csv coverage "${L[@]}" "${N[@]}" --format csv --snap 150
run coverage-residents.json coverage "${L[@]}" --residents-out "$OUT/cli/residents.geojson"
run suggest-count.json suggest "${L[@]}" --kind 红蜂驿站 --count 5
run suggest-target.json suggest "${L[@]}" --kind party_service_station --target 95%
run suggest-residents.csv suggest "${L[@]}" --kind 商圈 --count 2 --candidates "$R" --format csv
run suggest-area.json suggest "${L[@]}" --kind 红蜂驿站 --count 3 --area "$TMP/area.geojson" --spacing 200
run suggest-demand.json suggest "${L[@]}" --kind 党群服务站 --count 3 --demand 党群服务站=老年人口
run suggest-network.json suggest "${L[@]}" --kind 红蜂驿站 --count 4 "${N[@]}"
run suggest-bad.json suggest "${L[@]}" --kind 红蜂驿站
run coverage-bad.json coverage --residents "$S" --stations "$S"
run report.stdout report "${L[@]}" --date 2026-01-01 --out "$TMP/report.xlsx"
run report-proposal.stdout report "${L[@]}" --date 2026-01-01 --proposal "$TMP/proposal.csv" --out "$TMP/report-proposal.xlsx"
run report-network.stdout report "${L[@]}" "${N[@]}" --date 2026-01-01 --lang en --title T --proposal "$TMP/proposal.csv" --proposal-name P --out "$TMP/report-network.xlsx"
if [ -f ../shared/data/osm/nanjing_xinjiekou/source_osm_bbox.osm ]; then
  run import-osm.stdout import-osm ../shared/data/osm/nanjing_xinjiekou/source_osm_bbox.osm --out "$OUT/cli/osm" --station-rule canteen_food=全龄食堂
  run coverage-nanjing.json coverage --residents "$OUT/cli/osm/residents.geojson" --stations "$OUT/cli/osm/stations.geojson" \
    --radius 全龄食堂=500 --streets "$OUT/cli/osm/streets.geojson" --metric network
fi
node scripts/behaviour-snapshot.mjs "$OUT/app" "$TMP"
sed -i "s|$OUT|OUT|g" "$OUT"/cli/*.stderr
# Workbooks: unpacked, creation time masked.
python3 - "$OUT" "$TMP" <<'EOF'
import os, re, sys, zipfile, glob
out, tmp = sys.argv[1], sys.argv[2]
for path in glob.glob(os.path.join(tmp, '*.xlsx')) + glob.glob(os.path.join(out, 'app', '*.xlsx')):
    dest = os.path.join(out, 'xlsx', os.path.basename(path))
    with zipfile.ZipFile(path) as z:
        for n in z.namelist():
            data = z.read(n)
            if n == 'docProps/core.xml':
                data = re.sub(rb'<dcterms:(created|modified)[^>]*>[^<]*<', rb'<dcterms:\1>MASKED<', data)
            p = os.path.join(dest, n)
            os.makedirs(os.path.dirname(p), exist_ok=True)
            open(p, 'wb').write(data)
    if path.startswith(os.path.join(out, 'app')):
        os.remove(path)
EOF
echo "snapshot in $OUT"
