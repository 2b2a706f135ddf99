// Dates, one way per language: shown as "2 Dec 2026", "2026年12月2日" or "02.12.2026", and
// typed in the pattern the field's placeholder and error message name (YYYY-MM-DD, or
// ДД.ММ.ГГГГ in Russian). The Rust side always receives and sends ISO `YYYY-MM-DD`. The
// date field itself (typing, checking, reading it as ISO) is in forms.js.
import { language, t } from './i18n.js';
import { today as rustToday, addDays } from './api.js';

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n) => String(n).padStart(2, '0');

function parts(iso) {
  const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(String(iso ?? ''));
  return m ? { y: Number(m[1]), m: Number(m[2]), d: Number(m[3]) } : null;
}

function realDate(y, m, d) {
  if (m < 1 || m > 12 || d < 1 || y < 1000 || y > 9999) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}

// A calendar date for tables and details; '' for none, the text itself when it is not a date.
export function fmtDate(iso) {
  const p = parts(iso);
  if (!p) return iso ? String(iso) : '';
  const lang = language();
  if (lang === 'zh-CN' || lang === 'zh-TW') return `${p.y}年${p.m}月${p.d}日`;
  if (lang === 'ru') return `${pad(p.d)}.${pad(p.m)}.${p.y}`;
  return `${p.d} ${MONTHS_EN[p.m - 1]} ${p.y}`;
}

// An instant (RFC 3339, UTC) as the local date and time.
export function fmtDateTime(instant) {
  const d = new Date(instant);
  if (Number.isNaN(d.getTime())) return instant ? String(instant) : '';
  const iso = `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return `${fmtDate(iso)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

// Today's local date as ISO, from the Core's clock in Rust (the one clock: the user's local
// date, injectable in tests). `syncToday` reads it at start and every minute, so a window
// left open past midnight moves on; nothing in the UI reads the browser's clock.
let todayFromRust = null;

export async function syncToday() {
  todayFromRust = await rustToday();
  return todayFromRust;
}

export function todayIso(offsetDays = 0) {
  if (!todayFromRust) return '';
  return offsetDays ? addDays(todayFromRust, offsetDays) : todayFromRust;
}

// The entry pattern for the current language (placeholder and messages name it).
export function datePattern() {
  return t('date.pattern');
}

// A date as it is typed in the current language (what a date field shows).
export function dateText(iso) {
  const p = parts(iso);
  if (!p) return iso || '';
  return language() === 'ru' ? `${pad(p.d)}.${pad(p.m)}.${p.y}` : `${p.y}-${pad(p.m)}-${pad(p.d)}`;
}

// What a lawyer typed → ISO, or null when it is not a real date. Accepts YYYY-MM-DD,
// YYYY/MM/DD, YYYY.MM.DD, DD.MM.YYYY and 2026年12月2日.
export function parseDate(text) {
  const s = String(text ?? '').trim().replace(/\s+/g, '');
  let m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  let y; let mo; let d;
  if (m) [y, mo, d] = [m[1], m[2], m[3]].map(Number);
  else if ((m = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(s))) [d, mo, y] = [m[1], m[2], m[3]].map(Number);
  else return null;
  return realDate(y, mo, d) ? `${y}-${pad(mo)}-${pad(d)}` : null;
}
