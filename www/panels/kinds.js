// The kind being planned: its chooser (and the colouring chooser), the radius slider, the
// life-circle tiers and walking time at a speed, renaming it, what it serves (a demand column) and
// its capacity and coverage target, and the legend of kinds on the map.
import { t, int, kindLabel, getLang } from '../i18n.js';
import { call, callLive, dropLive } from '../page/rpc.js';
import { state, chooseKind, slideRadius } from '../page/state.js';
import { $, askName, toast } from '../page/ui.js';
import { edit } from '../page/context.js';
import { kindStyle, iconImage } from '../map/styles.js';

/** Makes `kind` the one being planned, and colours residents by it. */
export function setKind(kind) {
  chooseKind(kind);
  $('#kind-select').value = kind;
  edit(call('setDisplay', kind));
}

let kindsShown = '';
/** Refills the walking-speed choices in the page's language (set once they are known). */
let fillWalkSpeeds = () => {};
export function renderKinds(u) {
  const sel = $('#kind-select');
  if (!u.kinds.some((k) => k.id === state.kind)) chooseKind(u.kinds[0]?.id);
  const shown = JSON.stringify([u.kinds, u.display, u.metric, state.kind, state.radiusFrom, getLang()]);
  if (shown === kindsShown) return;
  kindsShown = shown;
  fillWalkSpeeds();
  sel.replaceChildren(...u.kinds.map((k) => {
    const o = document.createElement('option');
    o.value = k.id;
    o.textContent = `${kindLabel(k)}`;
    return o;
  }));
  sel.value = state.kind;
  const disp = $('#display');
  const opts = [['all', t('displayAll')], ...u.kinds.map((k) => [k.id, kindLabel(k)])];
  disp.replaceChildren(...opts.map(([v, l]) => { const o = document.createElement('option'); o.value = v; o.textContent = l; return o; }));
  disp.value = u.display;
  const k = u.kinds.find((x) => x.id === state.kind);
  if (k && state.radiusFrom === null) {
    const r = $('#radius');
    r.max = String(Math.max(3000, Math.ceil((k.radius_m * 1.5) / 500) * 500));
    r.value = String(k.radius_m);
    $('#radius-value').textContent = `${int(k.radius_m)} m`;
  }
  // What green and red mean for the current choice (and how distance is measured).
  const shownKind = u.kinds.find((x) => x.id === u.display);
  const how = t(u.metric === 'network' ? 'legendOnFoot' : 'legendStraight');
  $('#legend-what').textContent = shownKind ? t('legendWhatKind', kindLabel(shownKind), int(shownKind.radius_m), how) : t('legendWhatAll', how);
  const legend = $('#legend-kinds');
  legend.replaceChildren(...u.kinds.filter((x) => x.stations > 0).map((x) => {
    const row = document.createElement('div');
    row.className = 'legend-row';
    const c = document.createElement('canvas');
    const { image } = iconImage(kindStyle(x.id), 18, 1);
    c.width = 18; c.height = 18;
    c.getContext('2d').putImageData(image, 0, 0);
    const s = document.createElement('span');
    s.textContent = `${kindLabel(x)} ${int(x.radius_m)} m`;
    row.append(c, s);
    return row;
  }));
}

/** Who the current kind serves: population or one of the residents' numeric columns. */
export function renderDemand(u) {
  const cols = u.weightColumns ?? [];
  $('#demand-row').hidden = cols.length === 0;
  if (!cols.length) return;
  const k = u.kinds.find((x) => x.id === state.kind);
  const sel = $('#demand-select');
  const options = [['', t('demandPopulation')], ...cols.map((c) => [c, c])];
  sel.replaceChildren(...options.map(([value, text]) => {
    const o = document.createElement('option');
    o.value = value;
    o.textContent = text;
    return o;
  }));
  sel.value = k?.demand ?? '';
}

/** Whether the current kind counts in life-circle completeness. */
export function renderCounted(u) {
  const k = u.kinds.find((x) => x.id === state.kind);
  /** @type {HTMLInputElement} */ ($('#counted')).checked = k?.counted ?? true;
}

export function renderCapacity(u) {
  const k = u.kinds.find((x) => x.id === state.kind);
  const input = $('#capacity');
  if (document.activeElement !== input) input.value = k?.capacity ? String(k.capacity) : '';
}

/** The kind's coverage target, as a percentage (`force`: even while the box has the focus). */
export function renderTarget(u, force = false) {
  const k = u.kinds.find((x) => x.id === state.kind);
  const input = $('#target');
  if (force || document.activeElement !== input) input.value = k?.target != null ? String(Math.round(k.target * 1000) / 10) : '';
}

/** The 步行时间 row: minutes at a walking-speed profile's speed (data/walking-speeds.csv, each
 * with its source; values not checked against it say so) set the kind's radius, as one edit. */
function bindWalkingTime() {
  const select = /** @type {HTMLSelectElement} */ ($('#walk-speed'));
  /** @type {any[] | null} Asked of the worker once it has started (the first render). */
  let profiles = null;
  const fill = () => {
    if (!profiles) {
      call('walkingSpeeds').then((p) => { profiles = p; fill(); }, () => {});
      return;
    }
    const chosen = select.value;
    select.replaceChildren(...profiles.map((p) => Object.assign(document.createElement('option'), {
      value: p.id,
      textContent: t('walkSpeedOption', getLang() === 'zh' ? p.label : p.label_en, p.speed_m_s, p.checked),
      title: `${p.source} — ${p.status}`,
    })));
    if (chosen) select.value = chosen;
  };
  fillWalkSpeeds = fill;
  $('[data-testid=walk-apply]').addEventListener('click', () => {
    const k = state.update.kinds.find((x) => x.id === state.kind);
    const p = profiles?.find((x) => x.id === select.value);
    const minutes = Number(/** @type {HTMLInputElement} */ ($('#walk-minutes')).value);
    if (!k || !p || !(minutes > 0)) return;
    const metres = minutes * 60 * p.speed_m_s;
    edit(call('commitRadius', state.kind, k.radius_m, metres)).then(() => toast(t('walkRadiusDone', minutes, getLang() === 'zh' ? p.label : p.label_en, int(metres))));
  });
}

/** Wires the kind panel; `onDemandChange` runs before a kind's demand changes (suggestions go). */
export function bindKinds(onDemandChange) {
  $('#kind-select').addEventListener('change', (e) => setKind(e.target.value));
  $('#display').addEventListener('change', (e) => edit(call('setDisplay', e.target.value)));
  const radius = $('#radius');
  radius.addEventListener('input', () => {
    const k = state.update.kinds.find((x) => x.id === state.kind);
    if (state.radiusFrom === null) slideRadius(k.radius_m);
    const r = Number(radius.value);
    $('#radius-value').textContent = `${int(r)} m`;
    callLive('radius', 'previewRadius', state.kind, r);
  });
  radius.addEventListener('change', () => {
    const from = state.radiusFrom ?? Number(radius.value);
    slideRadius(null);
    dropLive('radius');
    edit(call('commitRadius', state.kind, from, Number(radius.value)));
  });
  for (const b of document.querySelectorAll('.tiers button')) {
    b.addEventListener('click', () => {
      const k = state.update.kinds.find((x) => x.id === state.kind);
      edit(call('commitRadius', state.kind, k.radius_m, Number(/** @type {HTMLElement} */ (b).dataset.radius)));
    });
  }
  bindWalkingTime();
  $('#kind-rename').addEventListener('click', async () => {
    const k = state.update.kinds.find((x) => x.id === state.kind);
    if (!k) return;
    const name = await askName(k.label, t('kindNamePrompt'));
    if (name) edit(call('renameKind', k.id, name));
  });
  $('#capacity').addEventListener('change', (e) => {
    const v = e.target.value.trim();
    // A refused value (the engine says why) puts the kind's capacity back in the box.
    edit(call('setCapacity', state.kind, v === '' ? null : Number(v))).then(() => renderCapacity(state.update));
  });
  $('#target').addEventListener('change', (e) => {
    const v = e.target.value.trim();
    // A refused value (the engine says why) puts the kind's target back in the box.
    edit(call('setTarget', state.kind, v === '' ? null : Number(v) / 100)).then(() => renderTarget(state.update, true));
  });
  $('#counted').addEventListener('change', (e) => edit(call('setCounted', state.kind, e.target.checked)));
  $('#demand-select').addEventListener('change', (e) => {
    onDemandChange();
    edit(call('setDemand', state.kind, e.target.value || null));
  });
}
