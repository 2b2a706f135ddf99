// Fees: quotes, engagements (with their payment plans), invoices (with filters) and
// payments. Each row opens its own screen.
import { call, errorText } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';
import { valueOf, textInput, selectInput, choiceOptions } from '../forms.js';
import { fmtMoney, money } from '../money.js';
import { fmtDate } from '../dates.js';
import { table, rowLink, statusBadge, invoiceTable } from '../panels/fee_lists.js';

const TABS = ['quotes', 'engagements', 'invoices', 'payments'];

export async function render(main, ctx, tab = 'quotes') {
  if (!TABS.includes(tab)) tab = 'quotes';
  const body = el('div', { id: `fees-${tab}` });
  fill(main,
    el('div', { class: 'title-row' },
      el('h1', { text: t('nav.fees') }),
      el('div', { class: 'actions inline' },
        el('a', { class: 'button primary', href: '#quote/new', id: 'fees-new-quote', text: t('fees.new_quote') }),
        el('a', { class: 'button', href: '#invoice/new', id: 'fees-new-invoice', text: t('fees.new_invoice') }),
        el('a', { class: 'button', href: '#payment/new', id: 'fees-new-payment', text: t('fees.record_payment') }))),
    el('nav', { class: 'tabs', 'aria-label': t('nav.fees') }, TABS.map((name) => el('a', {
      href: `#fees/${name}`, id: `tab-${name}`, 'aria-current': name === tab ? 'page' : false, text: t(`fees.tab.${name}`),
    }))),
    body);
  if (tab === 'quotes') await quotesTab(body);
  if (tab === 'engagements') await engagementsTab(body);
  if (tab === 'invoices') await invoicesTab(body);
  if (tab === 'payments') await paymentsTab(body);
}

async function quotesTab(body) {
  const quotes = await call('list_quotes', {});
  fill(body, table('quote-list', ['fees.number', 'fees.client', 'fees.title', 'fees.total', 'fees.valid_until', 'fees.status'],
    quotes.map((q) => rowLink(el('tr', {},
      el('td', { text: q.number }), el('td', { text: q.client_name }), el('td', { text: q.title }),
      el('td', { class: 'num', text: money(q.total) }), el('td', { class: 'nowrap', text: fmtDate(q.valid_until) }),
      el('td', {}, statusBadge(q.status), q.revision > 1 ? el('span', { class: 'muted', text: ` r${q.revision}` }) : null)), `#quote/${q.id}`)),
    'fees.no_quotes'));
}

async function engagementsTab(body) {
  const list = await call('list_engagements', {});
  fill(body, table('engagement-list', ['fees.title', 'fees.matter', 'fees.total', 'fees.accepted_on', 'fees.plan'],
    list.map((e) => rowLink(el('tr', {},
      el('td', { text: e.title }), el('td', { text: e.matter_title }), el('td', { class: 'num', text: money(e.total) }),
      el('td', { class: 'nowrap', text: fmtDate(e.accepted_on) }),
      el('td', { text: t('fees.plan_summary', { version: e.plan_version, items: e.plan.length, invoiced: e.plan.filter((i) => i.invoice_id).length }) })), `#engagement/${e.id}`)),
    'fees.no_engagements'));
}

async function invoicesTab(body) {
  const filters = el('form', { class: 'filters', id: 'invoice-filters' },
    el('label', {}, t('fees.filter.status'), ' ', selectInput({ name: 'status', id: 'invoice-filter-status' },
      ['', 'open', 'overdue', 'paid', 'cancelled'].map((s) => [s, t(`fees.filter.status.${s || 'all'}`)]))),
    el('label', {}, t('fees.currency'), ' ', selectInput({ name: 'currency', id: 'invoice-filter-currency' },
      [['', t('fees.filter.all')], ...choiceOptions('currencies')])),
    el('label', {}, t('fees.filter.from'), ' ', textInput({ type: 'date', name: 'issued_from', id: 'invoice-filter-from' })),
    el('label', {}, t('fees.filter.to'), ' ', textInput({ type: 'date', name: 'issued_to', id: 'invoice-filter-to' })),
    textInput({ type: 'search', name: 'text', id: 'invoice-filter-text', placeholder: t('fees.filter.text') }));
  const out = el('div');
  const load = async () => {
    const f = Object.fromEntries([...filters.elements].filter((c) => c.name).map((c) => [c.name, valueOf(c)]));
    try {
      fill(out, invoiceTable(await call('list_invoices', { filter: { ...f, limit: 500 } })));
    } catch (err) {
      fill(out, el('p', { class: 'form-error', id: 'invoice-filter-error', text: err.code === 'validation' ? t('field.date') : errorText(err) }));
    }
  };
  filters.addEventListener('input', (ev) => { if (ev.target.dataset.date === undefined) load(); });
  filters.addEventListener('change', (ev) => { if (ev.target.dataset.date !== undefined) load(); });
  filters.addEventListener('submit', (ev) => { ev.preventDefault(); load(); });
  fill(body, filters, out);
  await load();
}

async function paymentsTab(body) {
  const list = await call('list_payments', {});
  fill(body, table('payment-list', ['fees.received_on', 'fees.client', 'fees.method', 'fees.amount', 'fees.allocated_to', 'fees.unallocated'],
    list.map((p) => rowLink(el('tr', { class: p.reversed ? 'reversed' : '' },
      el('td', { class: 'nowrap', text: fmtDate(p.received_on) }), el('td', { text: p.client_name }), el('td', { text: t(`method.${p.method}`) }),
      el('td', { class: 'num', text: fmtMoney(p.amount, p.currency) }),
      el('td', {}, p.allocations.map((a, i) => [i ? ', ' : '', el('a', { href: `#invoice/${a.invoice_id}`, class: 'nowrap', text: a.invoice_number, onclick: (ev) => ev.stopPropagation() })])),
      el('td', { class: 'num' }, p.reversed ? statusBadge('reversed') : fmtMoney(p.unallocated, p.currency))), `#payment/${p.id}`)),
    'fees.no_payments'));
}
