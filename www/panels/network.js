// On foot: how the streets were joined (pieces, the isolated-street threshold the planner can
// change), the residents and stations the streets do not reach (named, each station a link to
// select it), and per kind a warning beside its row and its mean detour.
import { t, int } from '../i18n.js';
import { call } from '../page/rpc.js';
import { $ } from '../page/ui.js';
import { edit } from '../page/context.js';

/** The last walking-network figures (a drag step's update has none: the last ones stay). */
let shown = null;

/** The walking-network figures of the update (null when the metric is straight lines). */
export function networkOf(u) {
  if (u.metric !== 'network') return (shown = null);
  if (u.summary.network) shown = u.summary.network;
  return shown;
}

/** `onStation(id)` runs when an unreachable station's name is clicked. */
export function renderNetwork(u, onStation) {
  const row = $('#piece-row');
  row.hidden = !u.streets;
  const input = /** @type {HTMLInputElement} */ ($('#min-piece'));
  if (u.snapRule && document.activeElement !== input) input.value = String(u.snapRule.min_piece_pct);
  document.body.dataset.onFoot = u.metric === 'network' ? 'yes' : 'no';
  const n = networkOf(u);
  const box = $('#network-note');
  box.hidden = !n;
  if (!n) return;
  const p = n.pieces;
  const lines = [
    t('netPieces', int(p.pieces), int(p.joined_pieces), (p.isolated_street_m / 1000).toFixed(1), p.min_piece_pct),
    n.unreachable_residents ? t('netUnreachable', int(n.unreachable_residents), int(n.unreachable_population), int(n.snap_m)) : t('netAllReached'),
  ].map((text) => {
    const el = document.createElement('p');
    el.textContent = text;
    return el;
  });
  if (n.unreachable_stations.length) {
    const off = document.createElement('p');
    off.className = 'warn';
    off.dataset.testid = 'unreachable-stations';
    off.append(t('netStationsOff'));
    n.unreachable_stations.forEach((s, i) => {
      if (i) off.append('、');
      const a = document.createElement('button');
      a.type = 'button';
      a.className = 'link';
      a.dataset.station = String(s.id);
      a.textContent = s.name || `#${s.id}`;
      a.title = s.isolated_piece_m != null ? t('netStationIsland', int(s.isolated_piece_m)) : t('netStationFar', int(s.nearest_street_m ?? 0));
      a.addEventListener('click', () => onStation(s.id));
      off.append(a);
    });
    lines.push(off);
  }
  box.replaceChildren(...lines);
}

/** A kind's walking notes for its coverage row: unreachable stations and mean detour (or none). */
export function kindNetworkNotes(u, kind) {
  const n = networkOf(u);
  if (!n) return [];
  const fig = n.kinds.find((k) => k.kind === kind);
  const out = [];
  const off = n.unreachable_stations.filter((s) => s.kind === kind);
  if (off.length) {
    const w = document.createElement('span');
    w.className = 'warn';
    w.dataset.testid = 'kind-unreachable';
    w.textContent = t('kindUnreachable', off.length, off.map((s) => s.name || `#${s.id}`).join('、'));
    out.push(w);
  }
  if (fig && fig.mean_detour_ratio > 0) {
    const d = document.createElement('span');
    d.dataset.testid = 'kind-detour';
    d.dataset.detour = String(fig.mean_detour_ratio);
    d.textContent = t('meanDetour', fig.mean_detour_ratio.toFixed(2));
    out.push(d);
  }
  return out;
}

/** Per unit on foot: `{detour, unreachable}` for the kind at `kindIndex`, by unit id. */
export function unitNetwork(u, kindIndex) {
  const n = networkOf(u);
  if (!n) return null;
  return new Map(n.units.map((x) => [x.id, { detour: x.mean_detour_ratio[kindIndex] ?? 0, unreachable: x.unreachable_population }]));
}

export function bindNetwork() {
  $('#min-piece').addEventListener('change', (e) => {
    const v = Number(e.target.value);
    edit(call('setSnapRule', { min_piece_pct: v }));
  });
}
