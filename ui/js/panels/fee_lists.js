// Lists of fee documents: the invoice table (the Fees screen, an engagement, an invoice's
// credit notes, a client's balance), and the table, row link and status badge the Fees
// tabs share. Each row opens its own screen.
import { t } from '../i18n.js';
import { el } from '../dom.js';
import { fmtMoney } from '../money.js';
import { fmtDate } from '../dates.js';

export function rowLink(tr, href) {
  tr.tabIndex = 0;
  tr.addEventListener('click', () => { location.hash = href; });
  tr.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') location.hash = href; });
  return tr;
}

export function statusBadge(status) {
  return el('span', { class: `badge status-${status}`, text: t(`status.${status}`) });
}

export function table(id, heads, rows, empty) {
  if (!rows.length) return el('p', { class: 'empty', id: `${id}-empty`, text: t(empty) });
  return el('table', { class: 'list', id },
    el('thead', {}, el('tr', {}, heads.map((h) => el('th', { text: t(h) })))),
    el('tbody', {}, rows));
}

export function invoiceTable(rows, id = 'invoice-list') {
  return table(id, ['fees.number', 'fees.client', 'fees.issued_on', 'fees.due_on', 'fees.total', 'fees.open_amount', 'fees.status'],
    rows.map((r) => rowLink(el('tr', { 'data-status': r.status },
      el('td', { class: 'nowrap', text: r.number }), el('td', { text: r.client_name }), el('td', { class: 'nowrap', text: fmtDate(r.issued_on) }),
      el('td', { class: `nowrap${r.status === 'overdue' ? ' overdue' : ''}`, text: fmtDate(r.due_date) }),
      el('td', { class: 'num', text: fmtMoney(r.total, r.currency) }),
      el('td', { class: 'num', text: fmtMoney(r.open_amount, r.currency) }),
      el('td', {}, statusBadge(r.status), r.days_overdue ? el('span', { class: 'muted', text: ` ${t('fees.days_late', { n: r.days_overdue })}` }) : null)), `#invoice/${r.id}`)),
    'fees.no_invoices');
}
