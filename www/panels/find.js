// Finding your way: place search over everything loaded (stations, residents, units from the
// worker; street names from the streets drawn) — pick a result and the map goes there — and the
// distance ruler (测距).
import { t, int, kindLabel } from '../i18n.js';
import { call } from '../page/rpc.js';
import { state, select } from '../page/state.js';
import { $ } from '../page/ui.js';
import { ctx } from '../page/context.js';

/** Streets of the drawn layers whose name contains `q`, each with its extent. */
function streetHits(q, limit) {
  const out = [];
  const seen = new Set();
  for (const f of state.layers?.user?.features ?? []) {
    const name = f.properties?.name;
    if (typeof name !== 'string' || !name.toLowerCase().includes(q) || seen.has(name)) continue;
    const cs = f.geometry?.type === 'LineString' ? f.geometry.coordinates : f.geometry?.type === 'MultiLineString' ? f.geometry.coordinates.flat() : [];
    if (!cs.length) continue;
    seen.add(name);
    const xs = cs.map((c) => c[0]); const ys = cs.map((c) => c[1]);
    out.push({ type: 'street', name, box: [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)] });
    if (out.length >= limit) break;
  }
  return out;
}

/** Goes to a result. */
function go(r) {
  if (r.type === 'unit') {
    const b = state.unitBoxes.get(`${r.level}|${r.id}`);
    if (b) ctx.map.fitBox(b);
  } else if (r.type === 'street') {
    ctx.map.fitBox(r.box);
  } else {
    ctx.map.flyTo(r.lon, r.lat);
    if (r.type === 'station') { select(r.id); ctx.map.stations.select(r.id); ctx.renderAll({ units: false }); }
  }
  $('#search-results').hidden = true;
}

let asked = 0;
async function search(text) {
  const q = text.trim().toLowerCase();
  const list = $('#search-results');
  if (!q) { list.hidden = true; return; }
  const mine = ++asked;
  const found = [...await call('search', q, 10), ...streetHits(q, 5)];
  if (mine !== asked) return;
  const what = { station: (r) => kindLabel(state.update?.kinds.find((k) => k.id === r.kind) ?? { label: r.kind }), unit: (r) => t(r.level), resident: () => t('residentWord'), street: () => t('streetWord') };
  list.replaceChildren(...(found.length ? found : [null]).map((r) => {
    const li = document.createElement('li');
    if (!r) { li.textContent = t('searchNone'); li.className = 'hint'; return li; }
    li.dataset.testid = 'search-result';
    li.dataset.type = r.type;
    const name = document.createElement('span');
    name.textContent = r.name;
    const kind = document.createElement('span');
    kind.className = 'hint';
    kind.textContent = what[r.type](r);
    li.append(name, kind);
    li.addEventListener('click', () => go(r));
    return li;
  }));
  list.hidden = false;
}

/** The ruler's length as shown. */
function showLength(m, points) {
  const out = $('#ruler-length');
  out.hidden = !ctx.map.ruler.on;
  out.dataset.metres = String(m);
  out.textContent = points < 2 ? t('rulerHint') : t('rulerLength', m >= 1000 ? `${(m / 1000).toFixed(2)} km` : `${int(m)} m`);
}

export function bindFind() {
  const input = /** @type {HTMLInputElement} */ ($('#search'));
  let timer = 0;
  input.addEventListener('input', () => { clearTimeout(timer); timer = window.setTimeout(() => search(input.value), 150); });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') { e.preventDefault(); /** @type {HTMLElement | null} */ (document.querySelector('#search-results [data-testid=search-result]'))?.click(); }
    if (e.key === 'Escape') $('#search-results').hidden = true;
  });
  const ruler = $('#ruler');
  ctx.map.ruler.onChange = showLength;
  ruler.addEventListener('click', () => {
    const on = !ctx.map.ruler.on;
    ctx.map.ruler.set(on);
    ruler.classList.toggle('active', on);
    ruler.setAttribute('aria-pressed', String(on));
  });
}
