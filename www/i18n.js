// The page's language: its words (i18n/zh.js, the default, and i18n/en.js), translating the
// page's marked elements, and number formats for each language.
import { zh } from './i18n/zh.js';
import { en } from './i18n/en.js';

const dictionaries = { zh, en };
let lang = 'zh';

/** Sets the language ('zh' or 'en'). */
export function setLang(l) {
  lang = l === 'en' ? 'en' : 'zh';
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
}

export function getLang() {
  return lang;
}

/** A word or a phrase function. */
export function t(key, ...args) {
  const v = dictionaries[lang][key] ?? zh[key] ?? key;
  return typeof v === 'function' ? v(...args) : v;
}

/** Fills every element with a `data-i18n` key (text only, never HTML). */
export function translatePage(root = document) {
  for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = t(/** @type {HTMLElement} */ (el).dataset.i18n);
  for (const el of root.querySelectorAll('[data-i18n-title]')) /** @type {HTMLElement} */ (el).title = t(/** @type {HTMLElement} */ (el).dataset.i18nTitle);
  for (const el of root.querySelectorAll('[data-i18n-placeholder]')) /** @type {HTMLInputElement} */ (el).placeholder = t(/** @type {HTMLElement} */ (el).dataset.i18nPlaceholder);
}

const formats = {};
function fmt(kind) {
  const key = `${lang}:${kind}`;
  if (!formats[key]) {
    const locale = lang === 'zh' ? 'zh-CN' : 'en-US';
    formats[key] = kind === 'int'
      ? new Intl.NumberFormat(locale, { maximumFractionDigits: 0 })
      : new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 });
  }
  return formats[key];
}

export const int = (v) => fmt('int').format(v);
export const pct = (v) => fmt('pct').format(v);

/** A kind's label in the current language. */
export function kindLabel(k) {
  return lang === 'en' ? (k.label_en || k.label) : k.label;
}
