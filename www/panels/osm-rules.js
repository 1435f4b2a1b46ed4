// The OpenStreetMap station-rule editor: one row a rule, in order (first match wins) — a checkbox
// (ticked: a station rule, unticked: these POIs are no stations), its Chinese name, what it
// matches, how many POIs of this file it takes (with examples) and the kind it makes; the raw
// TAG=KIND text as an advanced view (edits there win when the dialog is confirmed).
import { t, int, kindLabel, getLang } from '../i18n.js';
import { state } from '../page/state.js';
import { $ } from '../page/ui.js';

/** Kinds a rule makes when ticked and it had none: new kinds a planner would expect. */
const SUGGESTED = { daily_shopping: '便民商业', government: '政务服务', social_care: '养老服务', canteen_food: '全龄食堂', school: '学校', clinic_health: '社区卫生服务站' };

/** @typedef {{tag: string, kind: string}} Rule */
/** @typedef {{id: string, zh: string, en: string, matches: string}} Category */

let rows = /** @type {{tag: string, kind: string, on: boolean, fallback: string}[]} */ ([]);
let categories = /** @type {Category[]} */ ([]);
let textEdited = false;

/** A rule's tag in words: a category's name, `名称含「…」`, or the tag itself. */
function tagName(tag) {
  const c = categories.find((x) => x.id === tag);
  if (c) return getLang() === 'en' ? c.en : c.zh;
  const m = /^([^=~]+)~(.+)$/.exec(tag);
  if (m) return m[1].trim() === 'name' ? t('ruleNameHas', m[2].trim()) : t('ruleTagHas', m[1].trim(), m[2].trim());
  return tag;
}

/** What a rule's tag matches, for the row's second line. */
function tagMatches(tag) {
  return categories.find((x) => x.id === tag)?.matches ?? tag;
}

/** A kind id or label as the planner reads it. */
function kindName(kind) {
  const k = (state.update?.kinds ?? []).find((x) => x.id === kind || x.label === kind);
  return k ? kindLabel(k) : kind;
}

/** The rules as `tag=kind label` lines. */
export function rulesText(rules) {
  return rules.map((r) => `${r.tag}=${r.kind ? kindName(r.kind) : ''}`).join('\n');
}

/** `[{tag, kind}]` from the text (blank lines and # comments skipped; split at the last =). */
export function parseRules(text) {
  return text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#')).map((l, i) => {
    const at = l.lastIndexOf('=');
    if (at <= 0) throw new Error(t('ruleLineBad', i + 1, l));
    return { tag: l.slice(0, at).trim(), kind: l.slice(at + 1).trim() };
  });
}

/** The rules the dialog stands for now. */
export function currentRules() {
  if (textEdited) return parseRules(/** @type {HTMLTextAreaElement} */ ($('#osm-rules')).value);
  return rows.map((r) => ({ tag: r.tag, kind: r.on ? r.kind : '' }));
}

/** A kind named by id or label as the plan's id (a new kind keeps its name). */
function kindId(kind) {
  const k = (state.update?.kinds ?? []).find((x) => x.id === kind || x.label === kind || x.label_en === kind);
  return k ? k.id : kind;
}

/** Every category without a rule is offered too (unticked), after the rules. */
function withCategories(rules) {
  const out = rules.map((r) => {
    const kind = kindId(r.kind);
    return { tag: r.tag, kind, on: Boolean(kind), fallback: kind || SUGGESTED[r.tag] || '' };
  });
  for (const c of categories) if (!out.some((r) => r.tag === c.id)) out.push({ tag: c.id, kind: '', on: false, fallback: SUGGESTED[c.id] || '' });
  return out;
}

/** The kinds a row may make: the plan's kinds, and its own when new. */
function kindOptions(row) {
  const kinds = (state.update?.kinds ?? []).map((k) => [k.id, kindLabel(k)]);
  for (const k of [row.kind, row.fallback]) if (k && !kinds.some(([id, l]) => id === k || l === k)) kinds.push([k, k]);
  return kinds;
}

function syncText() {
  if (!textEdited) /** @type {HTMLTextAreaElement} */ ($('#osm-rules')).value = rulesText(currentRules());
}

/** Fills the table with `rules` (and the categories without one); `takes` come later. */
export function showRules(rules, cats) {
  categories = cats;
  rows = withCategories(rules);
  textEdited = false;
  const body = $('#osm-rule-table tbody');
  body.replaceChildren(...rows.map((row, i) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'osm-rule';
    tr.dataset.tag = row.tag;
    const box = document.createElement('input');
    box.type = 'checkbox';
    box.checked = row.on;
    const name = document.createElement('td');
    const title = document.createElement('strong');
    title.textContent = tagName(row.tag);
    const what = document.createElement('div');
    what.className = 'hint';
    what.textContent = tagMatches(row.tag);
    name.append(title, what);
    const count = document.createElement('td');
    count.className = 'num';
    count.dataset.testid = 'osm-rule-count';
    count.textContent = '…';
    const sel = document.createElement('select');
    sel.replaceChildren(...kindOptions(row).map(([id, label]) => {
      const o = document.createElement('option');
      o.value = id;
      o.textContent = label;
      return o;
    }));
    sel.value = row.kind || row.fallback;
    sel.disabled = !row.on;
    box.addEventListener('change', () => {
      row.on = box.checked;
      row.kind = box.checked ? sel.value : '';
      sel.disabled = !box.checked;
      syncText();
    });
    sel.addEventListener('change', () => { row.kind = sel.value; syncText(); });
    const cb = document.createElement('td');
    cb.append(box);
    const k = document.createElement('td');
    k.append(sel);
    tr.dataset.index = String(i);
    tr.append(cb, name, count, k);
    return tr;
  }));
  syncText();
}

/** The rows' tags, in order: what to count. */
export function rowTags() {
  return rows.map((r) => ({ tag: r.tag, kind: '' }));
}

/** Shows how many POIs each row takes (`[{taken, examples}]`, one per row). */
export function showTakes(takes) {
  const cells = document.querySelectorAll('#osm-rule-table [data-testid=osm-rule-count]');
  cells.forEach((c, i) => {
    const tk = takes[i];
    const cell = /** @type {HTMLElement} */ (c);
    cell.dataset.taken = String(tk?.taken ?? 0);
    cell.textContent = t('ruleTakes', int(tk?.taken ?? 0));
    cell.title = tk?.examples?.length ? t('ruleExamples', tk.examples.join('、')) : '';
  });
}

export function bindOsmRules() {
  $('#osm-rules').addEventListener('input', () => { textEdited = true; });
}
