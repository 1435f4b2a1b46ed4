// The worker's own messages in the page's language (the engine's come in it from the engine).

/** @type {'zh' | 'en'} */
let lang = 'en';

/** The page's language, for the worker's messages. */
export function setWorkerLanguage(l) {
  lang = l === 'zh' ? 'zh' : 'en';
}

/** The text in the page's language. */
export const say = (en, zh) => (lang === 'zh' ? zh : en);

/** An Error in the page's language. */
export const fail = (en, zh) => new Error(say(en, zh));
