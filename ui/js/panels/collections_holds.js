// The Collections screen's holds (per client or invoice, always with a reason), payment
// arrangements (instalments with new dates; a missed one resumes the ladder) and the
// firm's dunning ladder (stages, days after due, action, channel).
import { call, actionErrorText } from '../api.js';
import { t } from '../i18n.js';
import { el, confirmAct, toast } from '../dom.js';
import { field, readForm, showErrors, clearErrors, input, amount, labelled, errorSummary, setOptions, selectInput, choiceOptions, textInput, cell } from '../forms.js';
import { fmtMoney } from '../money.js';
import { fmtDate } from '../dates.js';

const CHANNELS = { reminder: ['post', 'email'], second_reminder: ['post', 'email'], demand: ['post', 'email'], call: ['phone'], hand_over: ['internal', 'post', 'email'] };

// A button that shows or hides a form (hidden forms take no room and no focus).
function disclosure(id, label, form) {
  const box = el('div', { id: `${id}-box`, hidden: true }, form);
  const button = el('button', { type: 'button', id: `${id}-toggle`, 'aria-expanded': 'false', 'aria-controls': `${id}-box`, text: label });
  button.addEventListener('click', () => {
    box.hidden = !box.hidden;
    button.setAttribute('aria-expanded', String(!box.hidden));
  });
  return [el('div', { class: 'actions' }, button), box];
}

const minorText = (minor, currency) => {
  const digits = ['JPY', 'KRW'].includes(currency) ? 0 : 2;
  const s = String(minor).padStart(digits + 1, '0');
  return digits ? `${s.slice(0, -digits)}.${s.slice(-digits)}` : s;
};

function holdRow(h, rerender) {
  const release = el('button', { type: 'button', id: `hold-release-${h.id}`, text: t('collections.release') });
  release.addEventListener('click', async () => {
    if (!(await confirmAct(t('collections.release_confirm', { client: h.client_name }), t('collections.release')))) return;
    try { await call('release_collection_hold', { id: h.id }); toast(t('collections.released')); rerender(); } catch (err) { toast(actionErrorText(err), 'error'); }
  });
  return el('tr', { 'data-hold': h.id },
    el('td', {}, el('a', { href: `#client/${h.client_id}`, text: h.client_name })),
    el('td', { text: h.invoice_number || t('collections.whole_client') }),
    el('td', { text: t(`collections.reason.${h.reason}`) }),
    el('td', { text: h.note }),
    el('td', { class: 'nowrap', text: h.until ? fmtDate(h.until) : '—' }),
    el('td', { class: 'row-actions' }, h.arrangement_id ? null : release));
}

export function holdsPanel(holds, clients, overdue, rerender) {
  const form = el('form', { id: 'hold-form', novalidate: true });
  const clientField = field('hold', 'client_id', { options: [['', '—'], ...clients.map(([id, n]) => [String(id), n])] });
  const invoiceField = field('hold', 'invoice_id', { options: [['', t('collections.whole_client')]] });
  const invoiceSelect = invoiceField.querySelector('select');
  clientField.querySelector('select').addEventListener('change', (ev) => {
    const rows = overdue.filter((r) => String(r.client_id) === ev.target.value);
    setOptions(invoiceSelect, [['', t('collections.whole_client')], ...rows.map((r) => [String(r.id), `${r.number} · ${fmtMoney(r.open_amount, r.currency)}`])]);
  });
  form.append(el('div', { class: 'grid' }, clientField, invoiceField,
    field('hold', 'reason', { options: [['', '—'], ...choiceOptions('hold_reasons', 'collections.reason').filter(([r]) => r !== 'arrangement')] }),
    field('hold', 'until', { type: 'date' }), field('hold', 'note', { wide: true })),
  errorSummary('p'),
  el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'hold-add', text: t('collections.hold_add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    clearErrors(form);
    const v = readForm(form);
    const input = { client_id: v.client_id ? Number(v.client_id) : null, invoice_id: v.invoice_id ? Number(v.invoice_id) : null, reason: v.reason, note: v.note, until: v.until };
    try { await call('add_collection_hold', { input }); toast(t('collections.hold_added')); rerender(); } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', id: 'collections-holds' },
    el('h2', { text: `${t('collections.holds')} · ${holds.length}` }),
    holds.length ? el('table', { class: 'list', id: 'holds-table' },
      el('thead', {}, el('tr', {}, ['fees.client', 'collections.invoice', 'collections.reason', 'hold.note', 'collections.until', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
      el('tbody', {}, holds.map((h) => holdRow(h, rerender)))) : el('p', { class: 'empty', text: t('collections.no_holds') }),
    disclosure('hold', t('collections.hold_add'), form));
}

function instalmentRow(i) {
  const name = (part) => `instalments[${i}].${part}`;
  const id = (part) => `arrangement-${i}-${part}`;
  return el('div', { class: 'grid instalment' },
    labelled('collections.instalment_date', input(name('due_on'), '', { type: 'date', id: id('due_on') }), false, { n: i + 1 }),
    labelled('collections.instalment_amount', amount(name('amount'), '', { id: id('amount') }), false, { n: i + 1 }));
}

function arrangementRow(a) {
  const plan = a.instalments.map((i) => `${fmtDate(i.due_on)}: ${fmtMoney(minorText(i.amount_minor, a.currency), a.currency)}`).join(' · ');
  return el('tr', { 'data-arrangement': a.id },
    el('td', {}, el('a', { href: `#client/${a.client_id}`, text: a.client_name })),
    el('td', {}, el('span', { class: `tag ${a.status === 'missed' ? 'overdue' : ''}`, text: t(`collections.arrangement.${a.status}`) })),
    el('td', { text: plan }),
    el('td', { text: a.note }));
}

export function arrangementsPanel(list, clients, rerender) {
  const form = el('form', { id: 'arrangement-form', novalidate: true });
  const rows = el('div', { id: 'arrangement-instalments' }, instalmentRow(0), instalmentRow(1));
  const more = el('button', { type: 'button', id: 'arrangement-more', text: t('collections.add_instalment'), onclick: () => rows.append(instalmentRow(rows.children.length)) });
  form.append(el('div', { class: 'grid' },
    field('arrangement', 'client_id', { options: [['', '—'], ...clients.map(([id, n]) => [String(id), n])] }),
    field('arrangement', 'currency'), field('arrangement', 'note', { wide: true })),
  rows, more, errorSummary('p'),
  el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'arrangement-add', text: t('collections.arrangement_add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = readForm(form);
    const instalments = [];
    for (let i = 0; i < rows.children.length; i += 1) {
      const due = v[`instalments[${i}].due_on`]; const amount = v[`instalments[${i}].amount`];
      if (due || amount) instalments.push({ due_on: due, amount });
    }
    if (!v.client_id) { showErrors(form, { code: 'validation', fields: [{ field: 'client_id', code: 'required' }] }); return; }
    const input = { currency: v.currency, instalments, note: v.note };
    try { await call('add_collection_arrangement', { client: Number(v.client_id), input }); toast(t('collections.arrangement_added')); rerender(); } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', id: 'collections-arrangements' },
    el('h2', { text: `${t('collections.arrangements')} · ${list.length}` }),
    el('p', { class: 'muted', text: t('collections.arrangement_hint') }),
    list.length ? el('table', { class: 'list', id: 'arrangements-table' },
      el('thead', {}, el('tr', {}, ['fees.client', 'collections.status', 'collections.instalments', 'arrangement.note'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, list.map(arrangementRow))) : el('p', { class: 'empty', text: t('collections.no_arrangements') }),
    disclosure('arrangement', t('collections.arrangement_add'), form));
}

function ladderRow(s, i) {
  // Controls named `stages[i].…` as Rust reports them; the error slots `err-ladder-<i>-…`.
  const attrs = (part) => ({ name: `stages[${i}].${part}`, 'aria-describedby': `err-ladder-${i}-${part}` });
  const action = selectInput(attrs('action'), choiceOptions('ladder_actions', 'collections.action'), s.action);
  const channel = selectInput(attrs('channel'));
  const fillChannels = () => setOptions(channel, CHANNELS[action.value].map((c) => [c, t(`collections.channel.${c}`)]), s.channel);
  action.addEventListener('change', fillChannels);
  fillChannels();
  return el('tr', {},
    cell(textInput({ ...attrs('code'), value: s.code, size: 14, spellcheck: 'false' })),
    cell(textInput({ ...attrs('days'), value: String(s.days), size: 4, inputmode: 'numeric' })),
    cell(action), cell(channel));
}

export function ladderPanel(ladder, rerender) {
  const body = el('tbody', {}, ladder.map(ladderRow));
  const form = el('form', { id: 'ladder-form', novalidate: true },
    el('table', { class: 'list', id: 'ladder-table' },
      el('thead', {}, el('tr', {}, ['collections.stage_code', 'collections.stage_days', 'collections.action', 'collections.channel'].map((k) => el('th', { text: t(k) })))), body),
    errorSummary('p'),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'ladder-more', text: t('collections.add_stage'), onclick: () => body.append(ladderRow({ code: '', days: '', action: 'reminder', channel: 'post' }, body.children.length)) }),
      el('button', { type: 'submit', class: 'primary', id: 'ladder-save', text: t('form.save') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const v = readForm(form);
    const stages = [];
    for (let i = 0; i < body.children.length; i += 1) {
      if (!v[`stages[${i}].code`] && !v[`stages[${i}].days`]) continue;
      stages.push({ code: v[`stages[${i}].code`], days: Number(v[`stages[${i}].days`]) || 0, action: v[`stages[${i}].action`], channel: v[`stages[${i}].channel`] });
    }
    try { await call('set_collection_ladder', { input: { stages } }); toast(t('collections.ladder_saved')); rerender(); } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', id: 'collections-ladder' },
    el('h2', { text: t('collections.ladder') }),
    el('p', { class: 'muted', text: t('collections.ladder_hint') }),
    disclosure('ladder', t('collections.ladder_edit'), form),
    el('ol', { id: 'ladder-summary' }, ladder.map((s) => el('li', { text: t('collections.ladder_line', { days: s.days, action: t(`collections.action.${s.action}`), channel: t(`collections.channel.${s.channel}`) }) }))));
}
