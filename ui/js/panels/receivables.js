// Receivables widgets: the aging chart (SVG drawn here, one bar group per currency —
// currencies are never summed), the top overdue clients, and a client's balance panel.
import { call, actionErrorText } from '../api.js';
import { t, LANGUAGE_NAMES } from '../i18n.js';
import { el, toast } from '../dom.js';
import { fmtDate } from '../dates.js';
import { fmtMoney, fmtAmount, isZero } from '../money.js';
import { invoiceTable } from './fee_lists.js';

const BUCKETS = ['current', '1-30', '31-60', '61-90', '90+'];
const SVG = 'http://www.w3.org/2000/svg';

function svg(tag, attrs = {}, ...children) {
  const n = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) n.setAttribute(k, v);
  children.flat().forEach((c) => n.append(c instanceof Node ? c : document.createTextNode(String(c))));
  return n;
}

// "12345.60" → 1234560n: exact, for proportions without floating point.
function minor(amount) {
  const [i, f = ''] = String(amount).split('.');
  return BigInt(i + f.padEnd(2, '0').slice(0, Math.max(2, f.length)));
}

export function agingChart(c) {
  const values = BUCKETS.map((b) => minor(c.buckets[b]));
  const max = values.reduce((a, b) => (b > a ? b : a), 1n);
  const w = 360; const h = 120; const barW = 52; const gap = 18; const top = 18; const base = h - 28;
  return svg('svg', { viewBox: `0 0 ${w} ${h}`, class: 'aging-chart', role: 'img', 'aria-label': `${t('aging.title')} ${c.currency}`, id: `aging-chart-${c.currency}` },
    svg('line', { x1: 0, x2: w, y1: base, y2: base, class: 'axis' }),
    BUCKETS.map((b, i) => {
      const height = Number((values[i] * BigInt(base - top)) / max);
      const x = 8 + i * (barW + gap);
      return svg('g', { class: `bucket bucket-${i}` },
        svg('rect', { x, y: base - height, width: barW, height: Math.max(height, isZero(c.buckets[b]) ? 0 : 1), 'data-bucket': b },
          svg('title', {}, `${t(`aging.${b}`)}: ${fmtMoney(c.buckets[b], c.currency)}`)),
        svg('text', { x: x + barW / 2, y: h - 10, 'text-anchor': 'middle' }, t(`aging.${b}`)));
    }));
}

// The Dashboard's aging panel from the aging it already read (`top` clients per currency).
export function agingPanel(aging) {
  if (!aging.currencies.length) {
    return el('section', { class: 'panel', id: 'aging' }, el('h2', { text: t('aging.title') }), el('p', { class: 'empty', text: t('aging.none') }));
  }
  const overdue = aging.currencies.flatMap((c) => c.clients.filter((x) => !isZero(x.overdue)).slice(0, 5).map((x) => ({ ...x, currency: c.currency })));
  return el('section', { class: 'panel', id: 'aging' },
    el('h2', { text: t('aging.title') }),
    el('div', { class: 'aging-grid' }, aging.currencies.map((c) => el('figure', { class: 'aging-currency', 'data-currency': c.currency },
      el('figcaption', {}, el('strong', { text: c.currency }), ' ', el('span', { class: 'muted', text: `${t('aging.total')} ${fmtMoney(c.total, c.currency)}` })),
      agingChart(c),
      el('table', { class: 'aging-table', id: `aging-table-${c.currency}` }, el('tbody', {}, el('tr', {},
        BUCKETS.map((b) => el('td', { class: 'num', 'data-bucket': b, title: t(`aging.${b}`), text: fmtAmount(c.buckets[b]) })))))))),
    el('h2', { text: t('aging.top_overdue') }),
    overdue.length ? el('table', { id: 'top-overdue' },
      el('thead', {}, el('tr', {}, ['fees.client', 'fees.currency', 'aging.overdue', 'aging.oldest_due'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, overdue.map((x) => el('tr', {},
        el('td', {}, x.client_id ? el('a', { href: `#client/${x.client_id}`, text: x.name }) : x.name),
        el('td', { text: x.currency }), el('td', { class: 'num overdue', text: fmtMoney(x.overdue, x.currency) }), el('td', { class: 'nowrap', text: fmtDate(x.oldest_due) })))))
      : el('p', { class: 'empty', text: t('aging.nothing_overdue') }));
}

export async function balancePanel(c) {
  const [account, invoices, quotes, payments, letters] = await Promise.all([
    call('client_account', { clientId: c.id }),
    call('list_invoices', { filter: { client_id: c.id, limit: 100 } }),
    call('list_quotes', { clientId: c.id }),
    call('list_payments', { clientId: c.id }),
    call('list_letters', { clientId: c.id }),
  ]);
  return el('section', { class: 'panel', id: 'balance-panel' },
    el('div', { class: 'title-row' }, el('h2', { text: t('balance.title') }),
      el('div', { class: 'actions inline' },
        el('a', { class: 'button', href: `#quote/new/${c.id}`, id: 'client-new-quote', text: t('fees.new_quote') }),
        el('a', { class: 'button', href: `#invoice/new/${c.id}`, id: 'client-new-invoice', text: t('fees.new_invoice') }),
        el('a', { class: 'button primary', href: `#payment/new/${c.id}`, id: 'client-record-payment', text: t('fees.record_payment') }),
        account.balances.some((b) => !isZero(b.overdue)) ? el('a', { class: 'button', href: `#letters/reminder/${c.id}`, id: 'client-reminder-letter', text: t('letter.kind.reminder') }) : null)),
    account.balances.length ? el('table', { id: 'client-balances' },
      el('thead', {}, el('tr', {}, ['fees.currency', 'balance.invoiced', 'balance.paid', 'balance.balance', 'balance.overdue', 'balance.credit'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, account.balances.map((b) => el('tr', { 'data-currency': b.currency },
        el('td', { text: b.currency }), el('td', { class: 'num', text: fmtMoney(b.invoiced, b.currency) }),
        el('td', { class: 'num', text: fmtMoney(b.paid, b.currency) }),
        el('td', { class: 'num strong', 'data-field': 'balance', text: fmtMoney(b.balance, b.currency) }),
        el('td', { class: `num${isZero(b.overdue) ? '' : ' overdue'}`, text: fmtMoney(b.overdue, b.currency) }),
        el('td', { class: 'num', text: fmtMoney(b.credit, b.currency) })))))
      : el('p', { class: 'empty', text: t('balance.none') }),
    account.matters.length ? el('details', {}, el('summary', { text: t('balance.per_matter') }),
      el('table', {}, el('tbody', {}, account.matters.map((m) => el('tr', {},
        el('td', { text: m.title }), el('td', { class: 'num', text: fmtMoney(m.invoiced, m.currency) }),
        el('td', { class: 'num', text: `${t('fees.open_amount')}: ${fmtMoney(m.open, m.currency)}` })))))) : null,
    quotes.length ? el('details', {}, el('summary', { text: t('fees.tab.quotes') }),
      el('ul', {}, quotes.map((q) => el('li', {}, el('a', { href: `#quote/${q.id}`, text: `${q.number} · ${q.title}` }), ` · ${t(`status.${q.status}`)}`)))) : null,
    invoices.length ? el('details', { open: true }, el('summary', { text: t('fees.tab.invoices') }), invoiceTable(invoices, 'client-invoices')) : null,
    payments.length ? el('details', {}, el('summary', { text: t('fees.tab.payments') }),
      el('ul', { id: 'client-payments' }, payments.map((p) => el('li', { class: p.reversed ? 'reversed' : '' },
        el('a', { href: `#payment/${p.id}`, text: `${fmtDate(p.received_on)} · ${fmtMoney(p.amount, p.currency)}` }),
        ` · ${t(`method.${p.method}`)}${p.reversed ? ` · ${t('status.reversed')}` : ''}`)))) : null,
    letters.length ? el('details', {}, el('summary', { text: t('nav.letters') }), letterList(letters, 'client-letters')) : null);
}

// Letters written: number, kind, date, language; each opens its kept PDF.
export function letterList(letters, id) {
  return el('table', { id, class: 'list' },
    el('thead', {}, el('tr', {}, ['letter.number', 'letter.kind', 'letter.date', 'letter.lang', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
    el('tbody', {}, letters.map((l) => el('tr', {},
      el('td', { class: 'nowrap' }, el('a', { href: `#letter/${l.id}`, text: l.number })), el('td', { text: t(`letter.kind.${l.kind}`) }),
      el('td', { class: 'nowrap', text: fmtDate(l.issued_on) }), el('td', { text: LANGUAGE_NAMES[l.lang] || l.lang }),
      el('td', { class: 'row-actions' }, el('button', { type: 'button', class: 'link letter-open', text: t('payment.voucher_open'), onclick: async () => {
        try { await call('open_attachment', { sha256: l.sha256 }); } catch (err) { toast(actionErrorText(err), 'error'); }
      } }))))));
}
