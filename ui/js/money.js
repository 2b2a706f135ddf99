// Amounts arrive as exact decimal strings ("12345.60"); they are shown with digit grouping
// by string work only — never through a floating-point number.
import { language } from './i18n.js';

const GROUP = { en: ',', 'zh-CN': ',', 'zh-TW': ',', ru: '\u00a0' };
const DECIMAL = { en: '.', 'zh-CN': '.', 'zh-TW': '.', ru: ',' };

export function fmtAmount(amount) {
  const s = String(amount ?? '');
  const neg = s.startsWith('-');
  const [int, frac] = (neg ? s.slice(1) : s).split('.');
  const lang = language();
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, GROUP[lang] || ',');
  return `${neg ? '−' : ''}${grouped}${frac !== undefined ? (DECIMAL[lang] || '.') + frac : ''}`;
}

export function fmtMoney(amount, currency) {
  return `${fmtAmount(amount)} ${currency}`;
}

// A Money object from Rust ({amount, currency}).
export function money(m) {
  return m ? fmtMoney(m.amount, m.currency) : '';
}

// True when a decimal string is zero ("0", "0.00", "-0.00").
export function isZero(amount) {
  return !/[1-9]/.test(String(amount ?? '0'));
}


// The exact sum of decimal strings of one currency ("1.50" + "2" → "3.50"), by BigInt.
export function sumAmounts(amounts) {
  const scale = Math.max(0, ...amounts.map((a) => (String(a).split('.')[1] || '').length));
  let total = 0n;
  for (const a of amounts) {
    const s = String(a);
    const neg = s.startsWith('-');
    const [i, f = ''] = (neg ? s.slice(1) : s).split('.');
    const v = BigInt(i + f.padEnd(scale, '0'));
    total += neg ? -v : v;
  }
  const neg = total < 0n;
  const digits = (neg ? -total : total).toString().padStart(scale + 1, '0');
  const out = scale ? `${digits.slice(0, -scale)}.${digits.slice(-scale)}` : digits;
  return neg ? `-${out}` : out;
}
