// Collections: the clients with overdue invoices, by dunning stage (reminder, second
// reminder, demand), each with what is overdue and a link to write its letter; the batch
// for a whole stage is on the Letters screen.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';
import { fmtMoney, sumAmounts } from '../money.js';
import { fmtDate } from '../dates.js';
import { clocksSection } from './clocks.js';

export const STAGES = ['reminder', 'second_reminder', 'demand'];

// Overdue invoices grouped per client: amounts per currency (never summed across), the
// oldest due date and the longest delay.
function byClient(rows) {
  const map = new Map();
  for (const r of rows) {
    if (!r.client_id) continue;
    const c = map.get(r.client_id) || { id: r.client_id, name: r.client_name, invoices: 0, days: 0, oldest: r.due_date, open: {} };
    c.invoices += 1;
    c.days = Math.max(c.days, r.days_overdue || 0);
    if (r.due_date < c.oldest) c.oldest = r.due_date;
    (c.open[r.currency] = c.open[r.currency] || []).push(r.open_amount);
    map.set(r.client_id, c);
  }
  return map;
}

function clientTable(id, clients, stage) {
  return el('table', { class: 'list', id },
    el('thead', {}, el('tr', {}, ['fees.client', 'collections.invoices', 'aging.overdue', 'aging.oldest_due', 'collections.days', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
    el('tbody', {}, clients.map((c) => el('tr', { 'data-client': c.id },
      el('td', {}, el('a', { href: `#client/${c.id}`, text: c.name })),
      el('td', { class: 'num', text: String(c.invoices) }),
      el('td', { class: 'num overdue' }, Object.entries(c.open).map(([cur, list], i) => [i ? el('br') : null, fmtMoney(sumAmounts(list), cur)])),
      el('td', { class: 'nowrap', text: fmtDate(c.oldest) }),
      el('td', { class: 'num', text: t('fees.days_late', { n: c.days }) }),
      el('td', { class: 'row-actions' }, stage
        ? el('a', { class: 'button', href: `#letters/${stage}/${c.id}`, title: t(`letter.kind.${stage}`), text: t('collections.write') })
        : null)))));
}

export async function render(main, ctx, focus) {
  const [rows, ...due] = await Promise.all([
    call('list_invoices', { filter: { status: 'overdue', limit: 10000 } }),
    ...STAGES.map((s) => call('letter_stage_clients', { stage: s, asOf: null }))]);
  const clients = byClient(rows);
  const placed = new Set();
  const sections = STAGES.map((stage, i) => {
    const list = due[i].map((id) => clients.get(id)).filter(Boolean).sort((a, b) => b.days - a.days);
    list.forEach((c) => placed.add(c.id));
    return el('section', { class: 'panel', id: `stage-${stage}` },
      el('div', { class: 'title-row' }, el('h2', { text: `${t(`letter.kind.${stage}`)} · ${list.length}` }),
        list.length ? el('a', { class: 'button', href: '#letters', text: t('collections.batch') }) : null),
      list.length ? clientTable(`collections-${stage}`, list, stage) : el('p', { class: 'empty', text: t('collections.none_at_stage') }));
  });
  const rest = [...clients.values()].filter((c) => !placed.has(c.id)).sort((a, b) => b.days - a.days);
  fill(main,
    el('h1', { text: t('nav.collections') }),
    el('p', { class: 'muted', text: t('collections.intro') }),
    rows.length ? null : el('p', { class: 'empty', id: 'collections-empty', text: t('aging.nothing_overdue') }),
    ...sections,
    rest.length ? el('section', { class: 'panel', id: 'stage-waiting' },
      el('h2', { text: `${t('collections.waiting')} · ${rest.length}` }),
      el('p', { class: 'muted', text: t('collections.waiting_hint') }),
      clientTable('collections-waiting', rest, null)) : null,
    clocksSection());
  if (focus && STAGES.includes(focus)) {
    setTimeout(() => { const s = document.getElementById(`stage-${focus}`); if (s) s.scrollIntoView({ block: 'start' }); }, 0);
  }
}
