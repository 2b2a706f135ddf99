// One invoice (lines, payments, credit notes; cancel or credit, never edit), and the form
// for an invoice issued ad hoc from lines.
import { call } from '../api.js';
import { t, systemText } from '../i18n.js';
import { el, toast, confirmAct, fill } from '../dom.js';
import { showErrors, valueOf, oneWrite, input, cell, labelled, select, clientPicker, errorSummary, amount, currencySelect, checkbox, checkLabel } from '../forms.js';
import { fmtMoney, fmtAmount } from '../money.js';
import { fmtDate, todayIso } from '../dates.js';
import { invoiceTable } from '../panels/fee_lists.js';

export async function render(main, ctx, id, clientParam) {
  if (id === 'new') return renderNew(main, ctx, clientParam);
  const v = await call('get_invoice', { id: Number(id) });
  const m = (a) => fmtMoney(a, v.currency);
  const actions = el('form', { id: 'invoice-actions', novalidate: true });
  const open = !['cancelled', 'credit_note', 'paid', 'credited'].includes(v.status);
  if (open) {
    const reason = input('reason', '');
    const credit = amount('amount', v.open_amount);
    actions.append(
      errorSummary(),
      el('div', { class: 'grid' }, labelled('invoice.reason', reason, true), labelled('invoice.credit_amount', credit)),
      el('div', { class: 'actions' },
        v.client_id ? el('a', { class: 'button primary', href: `#payment/new/${v.client_id}/${v.id}`, id: 'invoice-pay', text: t('fees.record_payment') }) : null,
        el('button', { type: 'button', id: 'invoice-credit', text: t('invoice.credit'), onclick: async () => {
          if (!(await confirmAct(t('invoice.credit_confirm', { amount: m(credit.value), number: v.number }), t('invoice.credit')))) return;
          try {
            const r = await call('credit_invoice', { id: v.id, amount: credit.value, reason: reason.value });
            toast(t('invoice.credited', { number: r.number }));
            ctx.rerender();
          } catch (err) { showErrors(actions, err); }
        } }),
        v.open_amount === v.total ? el('button', { type: 'button', id: 'invoice-cancel', class: 'danger', text: t('invoice.cancel'), onclick: async () => {
          if (!(await confirmAct(t('invoice.cancel_confirm', { number: v.number }), t('invoice.cancel')))) return;
          try {
            await call('cancel_invoice', { id: v.id, reason: reason.value });
            toast(t('invoice.cancelled'));
            ctx.rerender();
          } catch (err) { showErrors(actions, err); }
        } }) : null));
  }
  fill(main,
    el('p', {}, el('a', { href: '#fees/invoices', text: `← ${t('nav.fees')}` })),
    el('h1', { id: 'invoice-title', text: `${t(`invoice.kind.${v.kind}`)} ${v.number}` }),
    el('p', {}, el('span', { class: `badge status-${v.status}`, id: 'invoice-status', text: t(`status.${v.status}`) }), ' ',
      v.client_id ? el('a', { href: `#client/${v.client_id}`, text: v.client_name }) : null,
      v.engagement_id ? [' · ', el('a', { href: `#engagement/${v.engagement_id}`, text: t('fees.engagement') })] : null),
    el('dl', { class: 'facts' },
      [['fees.issued_on', fmtDate(v.issued_on)], ['fees.due_on', fmtDate(v.due_date)], ['invoice.net', m(v.net)],
        ['invoice.tax', v.tax_percent === null || v.tax_percent === undefined ? m(v.tax) : `${m(v.tax)} (${fmtAmount(v.tax_percent)} %)`],
        ['fees.total', m(v.total)], ['invoice.credited_total', m(v.credited)], ['fees.open_amount', m(v.open_amount)]]
        .flatMap(([k, val]) => [el('dt', { text: t(k) }), el('dd', { id: `invoice-${k.split('.')[1]}`, text: val })])),
    v.cancellation ? el('p', { class: 'form-error', text: t('invoice.cancelled_on', { date: fmtDate(v.cancellation[0]), reason: v.cancellation[1] }) }) : null,
    el('table', { id: 'invoice-lines' },
      el('thead', {}, el('tr', {}, ['quote.description', 'quote.quantity', 'quote.rate', 'fees.amount'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, v.lines.map((l) => el('tr', {}, el('td', { text: systemText(l.description) }), el('td', { class: 'num', text: l.quantity == null ? '' : fmtAmount(l.quantity) }),
        el('td', { class: 'num', text: l.unit_price == null ? '' : fmtAmount(l.unit_price) }), el('td', { class: 'num', text: l.amount == null ? '' : fmtAmount(l.amount) }))))),
    v.notes ? el('p', { class: 'muted', text: v.notes }) : null,
    el('h2', { text: t('invoice.payments') }),
    v.payments.length ? el('table', { id: 'invoice-payments', class: 'list' }, el('tbody', {}, v.payments.map((p) => el('tr', {
      class: p.reversed ? 'reversed' : '', tabindex: '0', onclick: () => { location.hash = `payment/${p.payment_id}`; },
      onkeydown: (ev) => { if (ev.key === 'Enter') location.hash = `payment/${p.payment_id}`; } },
    el('td', { class: 'nowrap', text: fmtDate(p.received_on) }), el('td', { text: t(`method.${p.method}`) }), el('td', { class: 'num', text: m(p.amount) }),
    el('td', {}, p.reversed ? el('span', { class: 'badge status-reversed', text: t('status.reversed') })
      : el('a', { href: `#payment/${p.payment_id}`, class: 'payment-open', text: t('payment.open') }))))))
      : el('p', { class: 'empty', text: t('invoice.no_payments') }),
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
  const today = todayIso();
  const due = todayIso(fees.payment_terms_days);
  const usual = client ? await call('usual_currency', { clientId: client.id }) : null;
  const form = el('form', { id: 'invoice-form', novalidate: true });
  const body = el('tbody', {});
  const head = {
    currency: currencySelect('currency', usual || ctx.defaultCurrency || 'CNY'),
    issued_on: input('issued_on', today, { type: 'date' }),
    due_on: input('due_on', due, { type: 'date' }),
    tax_percent: amount('tax_percent', '', { placeholder: String(fees.vat_percent) }),
    notes: input('notes', ''),
  };
  const inclusive = checkbox({ id: 'inv-tax-inclusive', checked: fees.prices_include_vat });
  function row() {
    const i = body.children.length;
    body.append(el('tr', {},
      cell(input(`lines.${i}.description`, '')),
      cell(select(`lines.${i}.kind`, ['fixed', 'hourly', 'per_unit'].map((k) => [k, t(`quote.kind.${k}`)]), 'fixed')),
      cell(amount(`lines.${i}.rate`, '', { class: 'num' })),
      cell(amount(`lines.${i}.quantity`, '1', { class: 'num' }))));
  }
  row();
  form.append(
    errorSummary(),
    el('div', { class: 'grid' },
      clientPicker('invoice-client', async (c) => {
        client = c;
        const u = c ? await call('usual_currency', { clientId: c.id }) : null;
        if (u) head.currency.value = u;
      }, client),
      labelled('fees.currency', head.currency), labelled('fees.issued_on', head.issued_on), labelled('fees.due_on', head.due_on),
      labelled('quote.tax_percent', head.tax_percent), el('div', { class: 'field' }, checkLabel(inclusive, t('quote.tax_inclusive'))),
      labelled('invoice.notes', head.notes, true)),
    el('table', { class: 'edit' }, el('thead', {}, el('tr', {}, ['quote.description', 'quote.kind', 'quote.rate', 'quote.quantity'].map((k) => el('th', { text: t(k) })))), body),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'invoice-add-line', text: t('quote.add_line'), onclick: row }),
      el('button', { type: 'submit', class: 'primary', id: 'invoice-issue', text: t('invoice.issue') })));
  const write = oneWrite(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const lines = [...body.children].map((tr) => {
      const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
      return { stage: '', description: v('description'), kind: v('kind'), rate: v('rate'), quantity: v('quantity') };
    });
    const inputData = {
      client_id: client ? client.id : 0, currency: head.currency.value, issued_on: valueOf(head.issued_on), due_on: valueOf(head.due_on),
      lines, tax_percent: head.tax_percent.value.trim() || null, tax_inclusive: inclusive.checked, notes: head.notes.value,
    };
    if (!(await confirmAct(t('invoice.issue_confirm'), t('invoice.issue')))) return;
    try {
      const r = await write((requestKey) => call('issue_invoice', { input: inputData, requestKey }));
      toast(t('fees.invoice_issued', { number: r.number }));
      location.hash = `invoice/${r.id}`;
    } catch (err) { showErrors(form, err); }
  });
  fill(main, el('p', {}, el('a', { href: '#fees/invoices', text: `← ${t('nav.fees')}` })),
    el('h1', { text: t('fees.new_invoice') }), form);
}
