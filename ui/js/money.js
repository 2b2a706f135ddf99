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

export const CURRENCIES = ['CNY', 'TWD', 'HKD', 'RUB', 'EUR', 'USD', 'GBP', 'JPY', 'KZT', 'CHF', 'SGD'];
