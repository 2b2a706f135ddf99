// One invoice (lines, payments, credit notes; cancel or credit, never edit), and the form
// for an invoice issued ad hoc from lines.
import { call, errorText, today as localToday, addDays } from '../api.js';
import { t } from '../i18n.js';
import { el, showErrors, toast } from '../dom.js';
import { fmtMoney } from '../money.js';
import { input, cell, labelled, select } from './quote.js';
import { clientPicker } from './pickers.js';
import { invoiceTable } from './fees.js';

export async function render(main, ctx, id, clientParam) {
  if (id === 'new') return renderNew(main, ctx, clientParam);
  const v = await call('get_invoice', { id: Number(id) });
  const m = (a) => fmtMoney(a, v.currency);
  const actions = el('form', { id: 'invoice-actions', novalidate: true });
  const open = !['cancelled', 'credit_note', 'paid', 'credited'].includes(v.status);
  if (open) {
    const reason = input('reason', '');
    const amount = input('amount', v.open_amount, { inputmode: 'decimal' });
    actions.append(
      el('div', { class: 'form-error', role: 'alert' }),
      el('div', { class: 'grid' }, labelled('invoice.reason', reason, true), labelled('invoice.credit_amount', amount)),
      el('div', { class: 'actions' },
        el('a', { class: 'button primary', href: `#payment/new/${v.client_id}`, id: 'invoice-pay', text: t('fees.record_payment') }),
        el('button', { type: 'button', id: 'invoice-credit', text: t('invoice.credit'), onclick: async () => {
          try {
            const r = await call('credit_invoice', { id: v.id, amount: amount.value, reason: reason.value });
            toast(t('invoice.credited', { number: r.number }));
            ctx.rerender();
          } catch (err) { showErrors(actions, err); }
        } }),
        v.open_amount === v.total ? el('button', { type: 'button', id: 'invoice-cancel', text: t('invoice.cancel'), onclick: async () => {
          try {
            await call('cancel_invoice', { id: v.id, reason: reason.value });
            toast(t('invoice.cancelled'));
            ctx.rerender();
          } catch (err) { showErrors(actions, err); }
        } }) : null));
  }
  main.replaceChildren(
    el('p', {}, el('a', { href: '#fees/invoices', text: `← ${t('nav.fees')}` })),
    el('h1', { id: 'invoice-title', text: `${t(`invoice.kind.${v.kind}`)} ${v.number}` }),
    el('p', {}, el('span', { class: `badge status-${v.status}`, id: 'invoice-status', text: t(`status.${v.status}`) }), ' ',
      v.client_id ? el('a', { href: `#client/${v.client_id}`, text: v.client_name }) : null,
      v.engagement_id ? [' · ', el('a', { href: `#engagement/${v.engagement_id}`, text: t('fees.engagement') })] : null),
    el('dl', { class: 'facts' },
      [['fees.issued_on', v.issued_on], ['fees.due_on', v.due_date], ['invoice.net', m(v.net)], ['invoice.tax', `${m(v.tax)} (${v.tax_percent} %)`],
        ['fees.total', m(v.total)], ['invoice.credited_total', m(v.credited)], ['fees.open_amount', m(v.open_amount)]]
        .flatMap(([k, val]) => [el('dt', { text: t(k) }), el('dd', { id: `invoice-${k.split('.')[1]}`, text: val })])),
    v.cancellation ? el('p', { class: 'form-error', text: t('invoice.cancelled_on', { date: v.cancellation[0], reason: v.cancellation[1] }) }) : null,
    el('table', { id: 'invoice-lines' },
      el('thead', {}, el('tr', {}, ['quote.description', 'quote.quantity', 'quote.rate', 'fees.amount'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, v.lines.map((l) => el('tr', {}, el('td', { text: l.description }), el('td', { class: 'num', text: l.quantity }),
        el('td', { class: 'num', text: l.unit_price }), el('td', { class: 'num', text: l.amount }))))),
    v.notes ? el('p', { class: 'muted', text: v.notes }) : null,
    el('h2', { text: t('invoice.payments') }),
    v.payments.length ? el('table', { id: 'invoice-payments' }, el('tbody', {}, v.payments.map((p) => el('tr', { class: p.reversed ? 'reversed' : '' },
      el('td', { text: p.received_on }), el('td', { text: t(`method.${p.method}`) }), el('td', { class: 'num', text: m(p.amount) }),
      el('td', {}, p.reversed ? el('span', { class: 'badge status-reversed', text: t('status.reversed') }) : el('button', {
        type: 'button', class: 'link', text: t('payment.reverse'), onclick: async () => {
          const why = window.prompt(t('payment.reverse_reason'));
          if (!why) return;
          try { await call('reverse_payment', { id: p.payment_id, reason: why }); ctx.rerender(); } catch (err) { toast(errorText(err), 'error'); }
        },
      })))))) : el('p', { class: 'empty', text: t('invoice.no_payments') }),
    v.credit_notes.length ? [el('h2', { text: t('invoice.credit_notes') }), invoiceTable(v.credit_notes, 'invoice-credit-notes')] : null,
    open ? el('section', { class: 'panel' }, actions) : null);
}

async function renderNew(main, ctx, clientParam) {
  const fees = await call('get_fee_settings');
  let client = null;
  if (clientParam) {
    const c = await call('get_client', { id: Number(clientParam) });
    client = { id: c.id, display_name: c.name };
  }
  const today = await localToday();
  const due = addDays(today, Number(fees.payment_terms_days));
  const form = el('form', { id: 'invoice-form', novalidate: true });
  const body = el('tbody', {});
  const head = {
    currency: select('currency', ctx.status.currencies.map((c) => [c, c]), ctx.defaultCurrency || 'CNY'),
    issued_on: input('issued_on', today, { type: 'date' }),
    due_on: input('due_on', due, { type: 'date' }),
    tax_percent: input('tax_percent', '', { inputmode: 'decimal', placeholder: String(fees.vat_percent) }),
    notes: input('notes', ''),
  };
  const inclusive = el('input', { type: 'checkbox', id: 'inv-tax-inclusive', checked: fees.prices_include_vat });
  function row() {
    const i = body.children.length;
    body.append(el('tr', {},
      cell(input(`lines.${i}.description`, '')),
      cell(select(`lines.${i}.kind`, ['fixed', 'hourly', 'per_unit'].map((k) => [k, t(`quote.kind.${k}`)]), 'fixed')),
      cell(input(`lines.${i}.rate`, '', { inputmode: 'decimal', class: 'num' })),
      cell(input(`lines.${i}.quantity`, '1', { inputmode: 'decimal', class: 'num' }))));
  }
  row();
  form.append(
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'grid' },
      clientPicker('invoice-client', (c) => { client = c; }, client),
      labelled('fees.currency', head.currency), labelled('fees.issued_on', head.issued_on), labelled('fees.due_on', head.due_on),
      labelled('quote.tax_percent', head.tax_percent), el('div', { class: 'field' }, el('label', {}, inclusive, ' ', t('quote.tax_inclusive'))),
      labelled('invoice.notes', head.notes, true)),
    el('table', { class: 'edit' }, el('thead', {}, el('tr', {}, ['quote.description', 'quote.kind', 'quote.rate', 'quote.quantity'].map((k) => el('th', { text: t(k) })))), body),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'invoice-add-line', text: t('quote.add_line'), onclick: row }),
      el('button', { type: 'submit', class: 'primary', id: 'invoice-issue', text: t('invoice.issue') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const lines = [...body.children].map((tr) => {
      const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
      return { stage: '', description: v('description'), kind: v('kind'), rate: v('rate'), quantity: v('quantity') };
    });
    const inputData = {
      client_id: client ? client.id : 0, currency: head.currency.value, issued_on: head.issued_on.value, due_on: head.due_on.value,
      lines, tax_percent: head.tax_percent.value.trim() || null, tax_inclusive: inclusive.checked, notes: head.notes.value,
    };
    try {
      const r = await call('issue_invoice', { input: inputData });
      toast(t('fees.invoice_issued', { number: r.number }));
      location.hash = `invoice/${r.id}`;
    } catch (err) { showErrors(form, err); }
  });
  main.replaceChildren(el('p', {}, el('a', { href: '#fees/invoices', text: `← ${t('nav.fees')}` })),
    el('h1', { text: t('fees.new_invoice') }), form);
}
