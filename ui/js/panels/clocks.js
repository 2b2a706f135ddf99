// Legal clocks (limitation periods, the wait before an arbitrazh claim), each with the
// provisions it follows: on the client and matter pages, the Collections screen and the
// Dashboard. Rules and dates come from Rust (`legal_clocks`, `clocks_running_out`).
import { call, errorText } from '../api.js';
import { t } from '../i18n.js';
import { el, toast } from '../dom.js';
import { field, readForm, showErrors, clearErrors, errorSummary, setOptions } from '../forms.js';
import { fmtDate } from '../dates.js';
import { fmtMoney } from '../money.js';

// "12 days left", "ran out 3 days ago", or, for a waiting period that is over, that a
// claim may be filed.
function leftText(c) {
  if (c.days_left >= 0) return t('clocks.days_left', { n: c.days_left });
  return c.kind === 'ru_claim_wait' ? t('clocks.wait_over') : t('clocks.ran_out', { n: -c.days_left });
}

export function clocksTable(list, { id, withClient }) {
  const heads = [withClient ? 'fees.client' : null, 'clocks.kind', 'clocks.rule', 'clocks.starts', 'clocks.runs_out', 'clocks.left'].filter(Boolean);
  return el('table', { class: 'list clocks', id },
    el('thead', {}, el('tr', {}, heads.map((k) => el('th', { text: t(k) })))),
    el('tbody', {}, list.map((c) => el('tr', { 'data-client': c.client_id, 'data-kind': c.kind, class: c.warning ? 'warning' : '' },
      withClient ? el('td', {}, el('a', { href: `#client/${c.client_id}`, text: c.client_name })) : null,
      el('td', {}, c.invoice_id ? el('a', { href: `#invoice/${c.invoice_id}`, text: t(`clocks.kind.${c.kind}`) }) : t(`clocks.kind.${c.kind}`)),
      el('td', { class: 'rule', text: c.rule }),
      el('td', { class: 'nowrap', text: fmtDate(c.starts) }),
      el('td', { class: 'nowrap', text: fmtDate(c.runs_out) }),
      el('td', { class: `nowrap${c.warning ? ' overdue' : ''}`, text: leftText(c) })))));
}

// A panel filled when its clocks arrive (the page is drawn first).
function lazyPanel(id, title, load, render) {
  const body = el('p', { class: 'muted', text: '…' });
  const panel = el('section', { class: 'panel', id }, el('h2', { text: title }), body);
  load().then((data) => body.replaceWith(render(data)))
    .catch((e) => body.replaceWith(el('p', { class: 'form-error', text: errorText(e) })));
  return panel;
}

function hint() {
  return el('p', { class: 'muted small', text: t('clocks.hint') });
}

// The debtor's acknowledgments of the debt, each restarting the limitation period of the
// jurisdiction that runs (`kind`: England & Wales, Limitation Act 1980 s.29(5), s.30;
// China, 民法典第一百九十五条第（二）项 and 第一百九十二条第二款; Taiwan, 民法第129條第1項
// 第2款, 第137條, 第144條第2項): those recorded, and a form to record one — of one open
// invoice or of every debt owed that day.
const ACK_HINTS = { ew_limitation: 'clocks.ack_hint', cn_limitation: 'clocks.ack_hint_cn', tw_limitation: 'clocks.ack_hint_tw' };
function acknowledgments(clientId, kind, refresh) {
  const box = el('div', { id: 'ack-section' }, el('h3', { text: t('clocks.ack_title') }),
    el('p', { class: 'muted small', text: t(ACK_HINTS[kind]) }));
  const invoice = field('ack', 'invoice_id', { options: [['', t('clocks.ack_all_debts')]] });
  const form = el('form', { id: 'ack-form', novalidate: true },
    el('div', { class: 'grid' }, invoice, field('ack', 'acknowledged_on', { type: 'date' }), field('ack', 'note', { wide: true })),
    errorSummary('p'),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'ack-add', text: t('clocks.ack_add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = readForm(form);
    const input = { client_id: clientId, invoice_id: v.invoice_id ? Number(v.invoice_id) : null, acknowledged_on: v.acknowledged_on, note: v.note };
    try { await call('record_debt_acknowledgment', { input }); toast(t('clocks.ack_saved')); refresh(); } catch (err) { showErrors(form, err); }
  });
  const list = el('div', { id: 'ack-list' });
  Promise.all([call('debt_acknowledgments', { clientId }), call('list_invoices', { filter: { client_id: clientId, status: 'open', limit: 500 } })])
    .then(([acks, open]) => {
      setOptions(invoice.querySelector('select'), [['', t('clocks.ack_all_debts')], ...open.map((r) => [String(r.id), `${r.number} · ${fmtMoney(r.open_amount, r.currency)}`])]);
      list.replaceChildren(acks.length
        ? el('ul', { id: 'ack-recorded' }, acks.map((a) => el('li', { 'data-ack': a.id },
          `${fmtDate(a.acknowledged_on)} · ${a.invoice_number || t('clocks.ack_all_debts')}${a.note ? ` · ${a.note}` : ''}`)))
        : el('p', { class: 'empty', text: t('clocks.ack_none') }));
    })
    .catch((e) => list.replaceChildren(el('p', { class: 'form-error', text: errorText(e) })));
  box.append(list, form);
  return box;
}

// A client's clocks (`{ clientId }`) or a matter's (`{ matterId }`); on the client's, the
// acknowledgments where a limitation period runs.
export function clocksPanel(args) {
  const panel = lazyPanel('clocks-panel', t('clocks.title'), () => call('legal_clocks', { ...args, asOf: null }),
    (list) => {
      const limitation = list.find((c) => c.kind in ACK_HINTS);
      const ack = args.clientId && limitation
        ? acknowledgments(args.clientId, limitation.kind, () => panel.replaceWith(clocksPanel(args))) : null;
      return list.length
        ? el('div', {}, clocksTable(list, { id: 'clocks-table' }), hint(), ack)
        : el('p', { class: 'empty', text: t('clocks.none') });
    });
  return panel;
}

// Collections: every clock that warns (90 days or fewer left, or already run out), from
// `all` (the promise of every overdue client's clocks).
export function clocksSection(all) {
  return lazyPanel('collections-clocks', t('clocks.title'), () => all.then((list) => list.filter((c) => c.warning)),
    (list) => {
      if (!list.length) return el('p', { class: 'empty', text: t('clocks.none_soon') });
      const shown = list.slice(0, 200);
      return el('div', {}, clocksTable(shown, { id: 'collections-clocks-table', withClient: true }),
        list.length > shown.length ? el('p', { class: 'muted', text: t('clocks.more', { n: list.length - shown.length }) }) : null,
        hint());
    });
}

// Dashboard: the clocks that run out within 90 days, soonest first, each linked to its client.
export function dashboardClocks() {
  return lazyPanel('clocks-soon', t('clocks.soon_title'), () => call('clocks_running_out', { limit: 10 }),
    (r) => el('div', {},
      r.clocks.length
        ? el('table', { class: 'list', id: 'clocks-soon-table' }, el('tbody', {}, r.clocks.map((c) => el('tr', { 'data-client': c.client_id },
          el('td', {}, el('a', { href: `#client/${c.client_id}`, text: c.client_name })),
          el('td', { text: t(`clocks.kind.${c.kind}`) }),
          el('td', { class: 'nowrap', text: fmtDate(c.runs_out) }),
          el('td', { class: 'nowrap overdue', text: leftText(c) })))))
        : el('p', { class: 'empty', text: t('clocks.none_soon') }),
      r.total > r.clocks.length ? el('p', { class: 'muted', text: t('clocks.more', { n: r.total - r.clocks.length }) }) : null,
      r.run_out ? el('p', { class: 'overdue', id: 'clocks-run-out', text: t('clocks.already_run_out', { n: r.run_out }) }) : null,
      el('a', { href: '#collections', text: t('dashboard.to_collections') })));
}
