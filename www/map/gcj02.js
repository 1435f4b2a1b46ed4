// GCJ-02 on the page (the engine converts data; the page only needs the basemap): WGS-84 → GCJ-02
// in closed form (as src/crs.rs), and a tile loader that redraws a GCJ-02 raster basemap (Amap,
// Tencent style) on the WGS-84 grid, so that it lines up with the data, which stays WGS-84.
const A = 6378245.0;
const EE = 0.006693421622965943;

function transformLat(x, y) {
  let r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  r += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return r;
}

function transformLon(x, y) {
  let r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  r += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  r += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  r += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return r;
}

/** WGS-84 → GCJ-02 `[lon, lat]` (unchanged outside China). */
export function wgsToGcj(lon, lat) {
  if (!(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271)) return [lon, lat];
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - EE * Math.sin(radLat) ** 2;
  const sq = Math.sqrt(magic);
  const dLat = (transformLat(lon - 105, lat - 35) * 180) / (((A * (1 - EE)) / (magic * sq)) * Math.PI);
  const dLon = (transformLon(lon - 105, lat - 35) * 180) / ((A / sq) * Math.cos(radLat) * Math.PI);
  return [lon + dLon, lat + dLat];
}

/** Web Mercator world pixels (256 a tile) of `[lon, lat]` at zoom `z`. */
function pixels(lon, lat, z) {
  const n = 256 * 2 ** z;
  const s = Math.sin((lat * Math.PI) / 180);
  return [((lon + 180) / 360) * n, (0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI)) * n];
}

function lonLat(px, py, z) {
  const n = 256 * 2 ** z;
  const lon = (px / n) * 360 - 180;
  const lat = (Math.atan(Math.sinh(Math.PI * (1 - (2 * py) / n))) * 180) / Math.PI;
  return [lon, lat];
}

/** Where the WGS-84 tile `z/x/y` lies in the GCJ-02 basemap's pixels: the shift at its centre
 * (the offset changes by far less than a pixel across a tile). */
export function tileShift(z, x, y) {
  const [lon, lat] = lonLat((x + 0.5) * 256, (y + 0.5) * 256, z);
  const [glon, glat] = wgsToGcj(lon, lat);
  const [px, py] = pixels(lon, lat, z);
  const [gx, gy] = pixels(glon, glat, z);
  return [gx - px, gy - py];
}

/**
 * A MapLibre protocol loader for `gcj02://z/x/y`: the WGS-84 tile drawn from the (up to four)
 * GCJ-02 tiles of `template` it overlaps.
 * @param {string} template tile URL with {z}, {x}, {y}
 */
export function gcjTileLoader(template) {
  return async (params, abort) => {
    const [z, x, y] = params.url.replace('gcj02://', '').split('/').map(Number);
    const [dx, dy] = tileShift(z, x, y);
    const ox = x * 256 + dx;
    const oy = y * 256 + dy;
    const canvas = new OffscreenCanvas(256, 256);
    const g = canvas.getContext('2d');
    const n = 2 ** z;
    const draws = [];
    for (let ty = Math.floor(oy / 256); ty <= Math.floor((oy + 255) / 256); ty++) {
      for (let tx = Math.floor(ox / 256); tx <= Math.floor((ox + 255) / 256); tx++) {
        if (ty < 0 || ty >= n) continue;
        const wx = ((tx % n) + n) % n;
        const url = template.replace('{z}', String(z)).replace('{x}', String(wx)).replace('{y}', String(ty));
        draws.push(fetch(url, { signal: abort.signal })
          .then((r) => (r.ok ? r.blob() : null))
          .then((b) => (b ? createImageBitmap(b) : null))
          .then((img) => { if (img) g.drawImage(img, Math.round(tx * 256 - ox), Math.round(ty * 256 - oy)); })
          .catch(() => {}));
      }
    }
    await Promise.all(draws);
    const blob = await canvas.convertToBlob({ type: 'image/png' });
    return { data: await blob.arrayBuffer() };
  };
}
