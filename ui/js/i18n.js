// String catalogs for en, zh-CN, zh-TW and ru. The OS locale is the default; Settings can
// override it at run time. Missing keys fall back to English, then to the key itself.
// Each catalog in three parts (ui/i18n/<lang>/): the screens, letters and collections,
// messages; no key is in two parts.
import enScreens from '../i18n/en/screens.js';
import enLetters from '../i18n/en/letters.js';
import enMessages from '../i18n/en/messages.js';
import zhCNScreens from '../i18n/zh-CN/screens.js';
import zhCNLetters from '../i18n/zh-CN/letters.js';
import zhCNMessages from '../i18n/zh-CN/messages.js';
import zhTWScreens from '../i18n/zh-TW/screens.js';
import zhTWLetters from '../i18n/zh-TW/letters.js';
import zhTWMessages from '../i18n/zh-TW/messages.js';
import ruScreens from '../i18n/ru/screens.js';
import ruLetters from '../i18n/ru/letters.js';
import ruMessages from '../i18n/ru/messages.js';

export const LANGUAGES = ['en', 'zh-CN', 'zh-TW', 'ru'];
// Each language in its own script, for choosers.
export const LANGUAGE_NAMES = { en: 'English', 'zh-CN': '简体中文', 'zh-TW': '繁體中文', ru: 'Русский' };
const catalogs = {
  en: { ...enScreens, ...enLetters, ...enMessages },
  'zh-CN': { ...zhCNScreens, ...zhCNLetters, ...zhCNMessages },
  'zh-TW': { ...zhTWScreens, ...zhTWLetters, ...zhTWMessages },
  ru: { ...ruScreens, ...ruLetters, ...ruMessages },
};
let current = 'en';
const listeners = [];

// Maps an OS/browser locale such as "zh-Hant-TW", "zh_CN" or "ru-RU" to a catalog.
export function matchLanguage(tag) {
  const l = String(tag || '').replace('_', '-').toLowerCase();
  if (l.startsWith('zh')) {
    return /hant|-tw|-hk|-mo/.test(l) ? 'zh-TW' : 'zh-CN';
  }
  if (l.startsWith('ru')) return 'ru';
  if (l.startsWith('en')) return 'en';
  return null;
}

export function osLanguage() {
  const tags = navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language];
  for (const tag of tags) {
    const m = matchLanguage(tag);
    if (m) return m;
  }
  return 'en';
}

export function language() { return current; }

// The language the user chose on a screen before the window starts again (the recovery
// screen, a restore), for that start when the practice it opens names none.
const CHOSEN = 'lawdesk.recover.language';
export function chosenLanguage() { return sessionStorage.getItem(CHOSEN); }
export function keepLanguage(lang) { sessionStorage.setItem(CHOSEN, lang); }

export function setLanguage(lang) {
  current = catalogs[lang] ? lang : 'en';
  document.documentElement.lang = current;
  translate(document);
  listeners.forEach((fn) => fn(current));
}

export function onLanguageChange(fn) { listeners.push(fn); }

export function has(key) { return key in catalogs[current] || key in catalogs.en; }

export function t(key, params = {}) {
  const text = catalogs[current][key] ?? catalogs.en[key] ?? key;
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

// Fills every element marked data-i18n (text) or data-i18n-placeholder / data-i18n-title.
export function translate(root) {
  root.querySelectorAll('[data-i18n]').forEach((el) => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-placeholder]').forEach((el) => { el.placeholder = t(el.dataset.i18nPlaceholder); });
  root.querySelectorAll('[data-i18n-title]').forEach((el) => { el.title = t(el.dataset.i18nTitle); });
}

// Texts the Rust side writes into records in a fixed wording (a follow-up planned after a
// payment, the first plan version's reason, an invoice line named after its plan item's
// kind): shown in the current language. Anything else is the lawyer's own text, as typed.
const SYSTEM_TEXTS = { '回访 / follow-up after payment': 'followup.after_payment', 'accepted quote': 'plan.reason.accepted_quote' };
const PLAN_KIND_SUFFIX = / — (prepayment|installment|balance)$/;
export function systemText(s) {
  const text = String(s ?? '');
  if (SYSTEM_TEXTS[text]) return t(SYSTEM_TEXTS[text]);
  const m = PLAN_KIND_SUFFIX.exec(text);
  return m ? `${text.slice(0, m.index)} — ${t(`plan.kind.${m[1]}`)}` : text;
}
