// Small DOM helpers shared by the panels: elements, table cells, ratio bars and deltas, the status
// toast, the progress bar, the name dialog, and files in and out. User strings are text only.
import { t, pct } from '../i18n.js';

/** The first element matching `sel`. @returns {any} */
export const $ = (sel) => document.querySelector(sel);

/** A table cell with text. */
export function td(text, cls) {
  const c = document.createElement('td');
  c.textContent = text;
  if (cls) c.className = cls;
  return c;
}

/** A bar showing a ratio, coloured by how low it is. */
export function bar(ratio) {
  const b = document.createElement('div');
  b.className = ratio < 0.6 ? 'bar low' : ratio < 0.85 ? 'bar mid' : 'bar';
  const s = document.createElement('span');
  s.style.width = `${(ratio * 100).toFixed(1)}%`;
  b.append(s);
  return b;
}

/** Sets `el`'s text when it differs (a drag step writes only what changed: every write makes the
 * page's style and layout work again). */
export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

/** Sets `el.dataset[key]` when it differs. */
export function setData(el, key, value) {
  if (el.dataset[key] !== value) el.dataset[key] = value;
}

/** Puts a ratio in a cell: its percentage and bar (`change`: with its change against the
 * baseline). The cell's text and bar are updated in place when it has them. */
export function ratioCell(cell, ratio, change = null) {
  const [text, b] = cell.childNodes;
  if (change || cell.childNodes.length !== 2 || text.nodeType !== Node.TEXT_NODE || !b.classList?.contains('bar')) {
    cell.replaceChildren(pct(ratio), ...(change ? [delta(change)] : []), bar(ratio));
    return;
  }
  const shown = pct(ratio);
  if (text.data !== shown) text.data = shown;
  setBar(b, ratio);
}

/** Shows `ratio` on a bar made by `bar()`, in place. */
export function setBar(b, ratio) {
  const cls = ratio < 0.6 ? 'bar low' : ratio < 0.85 ? 'bar mid' : 'bar';
  if (b.className !== cls) b.className = cls;
  const width = `${(ratio * 100).toFixed(1)}%`;
  if (b.firstChild.style.width !== width) b.firstChild.style.width = width;
}

/** A ratio's change against the baseline (`{baseline, proposal, change}`), in percentage points. */
export function delta({ baseline, proposal, change }) {
  const d = document.createElement('span');
  const v = change * 100;
  d.className = `delta ${v > 0.05 ? 'up' : v < -0.05 ? 'down' : ''}`;
  d.dataset.testid = 'delta';
  d.dataset.change = String(change);
  d.title = `${t('deltaTitle')}: ${t('baseline')} ${pct(baseline)} → ${pct(proposal)}`;
  d.textContent = `${v > 0.05 ? '+' : ''}${v.toFixed(1)}`;
  return d;
}

/** Longest message shown (the engine clips its own at 400 characters). */
const MAX_TOAST_CHARS = 1200;

/** Shows a message: information for a few seconds; an error stays until it is closed or the next
 * message comes, fits on the screen (it scrolls), and can be copied. */
export function toast(text, kind = 'info') {
  const el = $('#toast');
  const shown = text.length > MAX_TOAST_CHARS ? `${text.slice(0, MAX_TOAST_CHARS - 1)}…` : text;
  el.querySelector('.toast-text').textContent = shown;
  el.querySelector('.toast-actions').hidden = kind !== 'error';
  el.className = `toast show ${kind}`;
  el.dataset.kind = kind;
  clearTimeout(toastTimer);
  if (kind !== 'error') toastTimer = setTimeout(() => el.classList.remove('show'), 4000);
}
let toastTimer = 0;

/** The toast's copy and close buttons. */
export function bindToast() {
  const el = $('#toast');
  el.querySelector('[data-act=close]').addEventListener('click', () => el.classList.remove('show'));
  el.querySelector('[data-act=copy]').addEventListener('click', async (e) => {
    const text = el.querySelector('.toast-text').textContent;
    const button = /** @type {HTMLButtonElement} */ (e.currentTarget);
    try {
      await navigator.clipboard.writeText(text);
    } catch {
      // No clipboard permission: select the text, so that Ctrl+C copies it.
      const range = document.createRange();
      range.selectNodeContents(el.querySelector('.toast-text'));
      getSelection()?.removeAllRanges();
      getSelection()?.addRange(range);
    }
    button.textContent = t('copied');
    setTimeout(() => { button.textContent = t('copy'); }, 1500);
  });
}

/** Shows an error from the worker or the page. */
export function showError(err) {
  toast(`${t('error')}${err.message}`, 'error');
}

/** The progress bar: `text` and a fraction (none: indeterminate), or hidden when `text` is null. */
export function progress(text, fraction) {
  const p = $('#progress');
  p.hidden = text === null;
  if (text === null) return;
  p.querySelector('span').textContent = text;
  p.querySelector('.bar span').style.width = fraction === undefined ? '100%' : `${Math.round(fraction * 100)}%`;
  p.dataset.fraction = fraction === undefined ? '' : String(fraction);
  p.classList.toggle('indeterminate', fraction === undefined);
}

/** Asks for a name in a small dialog; resolves to the trimmed name, or null when cancelled. */
export function askName(initial, prompt = t('scenarioNamePrompt')) {
  const dlg = $('#name-dialog');
  const input = $('#name-input');
  $('#name-prompt').textContent = prompt;
  input.value = initial;
  const answer = askDialog(dlg, () => input.value.trim() || null);
  input.select();
  return answer;
}

/** Opens the form dialog `dlg` and resolves to `onOk()` when it is closed by its OK button (value
 * `ok`), else to null. */
export function askDialog(dlg, onOk) {
  dlg.returnValue = '';
  return new Promise((resolve) => {
    dlg.onclose = () => resolve(dlg.returnValue === 'ok' ? onOk() : null);
    dlg.showModal();
  });
}

/** The largest file the page reads. */
const MAX_FILE_BYTES = 512 * 2 ** 20;

/** A file's bytes, with the reading's progress shown. @returns {Promise<ArrayBuffer>} */
export function readFile(file) {
  return new Promise((resolve, reject) => {
    // A file no district needs is refused before it fills the tab's memory (1,000,000 residents,
    // the app's most, take some 100 MB of CSV).
    if (file.size > MAX_FILE_BYTES) {
      reject(new Error(t('fileTooLarge', file.name, Math.round(file.size / 2 ** 20), MAX_FILE_BYTES / 2 ** 20)));
      return;
    }
    const r = new FileReader();
    r.onprogress = (e) => { if (e.lengthComputable) progress(t('reading', `${Math.round((100 * e.loaded) / e.total)}%`), e.loaded / e.total); };
    r.onload = () => resolve(/** @type {ArrayBuffer} */ (r.result));
    r.onerror = () => reject(new Error(t('cannotRead', file.name, r.error?.message ?? '')));
    r.readAsArrayBuffer(file);
  });
}

/** Offers `content` (text or bytes) as a download named `name`. */
export function download(name, content, type) {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10000);
}

const pad = (n) => String(n).padStart(2, '0');

/** Now as `YYYYMMDD-HHMM`, for file names. */
export function stamp() {
  const d = new Date();
  return `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-${pad(d.getHours())}${pad(d.getMinutes())}`;
}

/** Today as `YYYY-MM-DD`. */
export function today() {
  const d = new Date();
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Whether the keyboard is typing into a field (not the radius slider). */
export function typing() {
  const el = /** @type {HTMLInputElement | null} */ (document.activeElement);
  return ['INPUT', 'SELECT', 'TEXTAREA'].includes(el?.tagName) && el.type !== 'range';
}
