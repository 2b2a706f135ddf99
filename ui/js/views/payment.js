// Recording a payment: amount, date, method, payer, reference, account, the voucher file;
// the allocation preview (oldest due first) updates as the lawyer types, and any invoice's
// share can be overridden by hand. What is left over is kept as client credit.
import { call, errorText, actionErrorText } from '../api.js';
import { t } from '../i18n.js';
import { el, toast, confirmAct, fill } from '../dom.js';
import { showErrors, clearErrors, readFile, liveErrors, oneWrite, valueOf, input, labelled, select, clientPicker, errorSummary, errorSlot, fileChooser, checkbox, checkLabel, textInput, listErrors, currencySelect, amount, choiceOptions } from '../forms.js';
import { fmtMoney, isZero } from '../money.js';
import { fmtDate, todayIso } from '../dates.js';


export async function render(main, ctx, id, clientParam, invoiceParam) {
  if (id && id !== 'new') return renderOne(main, ctx, Number(id));
  // Started from an invoice: its client and currency; else from a client: its usual currency.
  const invoice = invoiceParam ? await call('get_invoice', { id: Number(invoiceParam) }) : null;
  let client = null;
  const clientId = invoice ? invoice.client_id : clientParam;
  if (clientId) {
    const c = await call('get_client', { id: Number(clientId) });
    client = { id: c.id, display_name: c.name };
  }
  const [accounts, usual] = await Promise.all([call('list_bank_accounts'),
    client && !invoice ? call('usual_currency', { clientId: client.id }) : null]);
  const currency0 = (invoice && invoice.currency) || usual || ctx.defaultCurrency || 'CNY';
  const today = todayIso();
  const f = {
    currency: currencySelect('currency', currency0),
    amount: amount('amount', invoice && !isZero(invoice.open_amount) ? invoice.open_amount : ''),
    received_on: input('received_on', today, { type: 'date' }),
    method: select('method', choiceOptions('payment_methods', 'method'), 'bank_transfer'),
    payer: input('payer', client ? client.display_name : ''),
    reference: input('reference', ''),
    bank_account_id: select('bank_account_id', [['', t('payment.no_account')], ...accounts.map((a) => [String(a.id), `${a.label} · ${a.currency} · ${a.account_mask}`])], accountFor(accounts, currency0)),
    notes: input('notes', ''),
  };
  const voucher = fileChooser({ id: 'payment-voucher', accept: '.pdf,.png,.jpg,.jpeg', 'aria-describedby': 'err-payment-voucher', name: 'voucher' },
    'payment.voucher_choose', { id: 'payment-voucher-name' });
  const manual = checkbox({ id: 'payment-manual' });
  const previewBox = el('div', { id: 'allocation-preview', 'aria-live': 'polite' });
  const form = el('form', { id: 'payment-form', novalidate: true });
  const live = liveErrors(form);
  let openRows = [];
  let accountTouched = false;
  let payerTouched = false;

  async function loadOpen() {
    if (!client) { openRows = []; return; }
    openRows = await call('list_invoices', { filter: { client_id: client.id, status: 'open', currency: f.currency.value, limit: 500 } });
    openRows.sort((a, b) => (a.due_date < b.due_date ? -1 : a.due_date > b.due_date ? 1 : a.id - b.id));
  }
  function readInput() {
    const allocations = manual.checked
      ? [...previewBox.querySelectorAll('input[data-invoice]')].filter((i) => i.value.trim() && !/^0*([.,]0*)?$/.test(i.value.trim()))
        .map((i) => ({ invoice_id: Number(i.dataset.invoice), amount: i.value }))
      : [];
    return {
      client_id: client ? client.id : 0, currency: f.currency.value, amount: f.amount.value, received_on: valueOf(f.received_on),
      method: f.method.value, payer: f.payer.value, reference: f.reference.value,
      bank_account_id: f.bank_account_id.value ? Number(f.bank_account_id.value) : null, notes: f.notes.value, allocations,
    };
  }
  let timer;
  async function preview() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      if (!client || !f.amount.value.trim()) { drawPreview(null); return; }
      try {
        const p = await call('preview_payment', { input: readInput() });
        clearErrors(form);
        drawPreview(p);
      } catch (err) {
        live.show(err);
      }
    }, 120);
  }
  function drawPreview(p) {
    const given = Object.fromEntries([...previewBox.querySelectorAll('input[data-invoice]')].map((i) => [i.dataset.invoice, i.value]));
    const share = (id) => (p ? (p.allocations.find((a) => a.invoice_id === id) || {}).amount : '') || '';
    fill(previewBox,
      openRows.length ? el('table', { id: 'allocation-table' },
        el('thead', {}, el('tr', {}, ['fees.number', 'fees.due_on', 'fees.open_amount', 'payment.allocated'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, openRows.map((r) => el('tr', {},
          el('td', {}, el('a', { href: `#invoice/${r.id}`, text: r.number })),
          el('td', { class: r.status === 'overdue' ? 'overdue' : '', text: fmtDate(r.due_date) }),
          el('td', { class: 'num', text: fmtMoney(r.open_amount, r.currency) }),
          el('td', { class: 'num' }, manual.checked
            ? textInput({ 'data-invoice': r.id, id: `alloc-${r.id}`, inputmode: 'decimal', class: 'num', value: given[r.id] ?? share(r.id) })
            : el('span', { id: `alloc-${r.id}`, text: share(r.id) ? fmtMoney(share(r.id), r.currency) : '—' })))))) : el('p', { class: 'empty', text: t('payment.no_open') }),
      p ? el('p', { id: 'allocation-credit' }, t('payment.credit'), ' ', el('strong', { text: fmtMoney(p.credit, p.currency) })) : null);
  }

  form.append(
    errorSummary(),
    el('div', { class: 'grid' },
      clientPicker('payment-client', async (c) => {
        client = c;
        if (c && !payerTouched) f.payer.value = c.display_name;
        if (c && !invoice) {
          const u = await call('usual_currency', { clientId: c.id });
          if (u) { f.currency.value = u; pickAccount(); }
        }
        await loadOpen(); preview(); drawPreview(null);
      }, client),
      labelled('fees.currency', f.currency), labelled('fees.amount', f.amount), labelled('fees.received_on', f.received_on),
      labelled('fees.method', f.method), labelled('payment.payer', f.payer), labelled('payment.reference', f.reference),
      labelled('payment.account', f.bank_account_id),
      el('div', { class: 'field' }, el('span', { class: 'label', text: t('payment.voucher') }),
        el('div', {}, voucher.input, voucher.button, ' ', voucher.names),
        errorSlot('err-payment-voucher')),
      labelled('payment.notes', f.notes, true)),
    el('h2', { text: t('payment.allocation') }),
    checkLabel(manual, t('payment.manual')),
    previewBox,
    ...listErrors('allocations'),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'payment-save', text: t('payment.save') })));
  function pickAccount() {
    if (!accountTouched) f.bank_account_id.value = accountFor(accounts, f.currency.value);
  }
  let lastCurrency = f.currency.value;
  f.currency.addEventListener('change', async () => {
    // Away from the open invoice's currency only on purpose: it turns the payment into credit.
    if (invoice && f.currency.value !== invoice.currency && lastCurrency === invoice.currency
      && !(await confirmAct(t('payment.currency_away', { currency: invoice.currency, number: invoice.number }), t('payment.currency_change')))) {
      f.currency.value = lastCurrency;
      return;
    }
    lastCurrency = f.currency.value;
    pickAccount();
    await loadOpen(); drawPreview(null); preview();
  });
  f.bank_account_id.addEventListener('change', () => { accountTouched = true; });
  f.payer.addEventListener('input', () => { payerTouched = true; });
  manual.addEventListener('change', () => { preview(); });
  form.addEventListener('input', (ev) => { if (ev.target !== voucher.input) preview(); });
  const write = oneWrite(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    live.submitted();
    try {
      let file = null;
      if (voucher.input.files[0]) {
        const r = await readFile(voucher.input.files[0]);
        file = [r.name, r.base64.slice(r.base64.indexOf(',') + 1)];
      }
      const entry = { input: readInput(), voucher: file };
      const rec = await write((requestKey) => call('record_payment', { ...entry, requestKey }));
      toast(t('payment.recorded', { n: rec.allocations.length }));
      location.hash = `payment/${rec.id}`;
    } catch (err) { showErrors(form, err); }
  });
  await loadOpen();
  drawPreview(null);
  fill(main, el('p', {}, el('a', { href: invoice ? `#invoice/${invoice.id}` : '#fees/payments', text: `← ${invoice ? invoice.number : t('nav.fees')}` })),
    el('h1', { text: t('fees.record_payment') }), form);
  preview();
}

// The receiving account for a currency: the first of the firm's accounts in it, else none.
export function accountFor(accounts, currency) {
  const a = accounts.find((x) => x.currency === currency);
  return a ? String(a.id) : '';
}

// One payment: what came in, where it went, its voucher, its reversal.
async function renderOne(main, ctx, id) {
  const [p, accounts] = await Promise.all([call('get_payment', { id }), call('list_bank_accounts')]);
  const m = (a) => fmtMoney(a, p.currency);
  const account = accounts.find((a) => a.id === p.bank_account_id);
  const facts = [
    ['fees.client', p.client_id ? el('a', { href: `#client/${p.client_id}`, text: p.client_name }) : t('payment.no_client')],
    ['fees.received_on', fmtDate(p.received_on)], ['fees.amount', m(p.amount)], ['fees.method', t(`method.${p.method}`)],
    ['payment.payer', p.payer], ['payment.reference', p.reference],
    ['payment.account', account ? `${account.label} · ${account.account_mask}` : t('payment.no_account')],
    ['payment.credit', m(p.unallocated)], ['payment.notes', p.notes],
  ].filter(([, v]) => v !== '' && v !== null && v !== undefined);
  const voucher = el('div', { id: 'payment-voucher-view' });
  if (p.voucher_sha256) {
    const open = el('button', { type: 'button', id: 'payment-voucher-open', text: t('payment.voucher_open'), onclick: async () => {
      try { await call('open_attachment', { sha256: p.voucher_sha256 }); } catch (err) { toast(actionErrorText(err), 'error'); }
    } });
    voucher.append(el('p', {}, el('span', { text: p.voucher_name || '' }), ' ', open));
    call('attachment_preview', { sha256: p.voucher_sha256 }).then((url) => {
      if (url) voucher.append(el('img', { class: 'voucher-image', src: url, alt: p.voucher_name || t('payment.voucher') }));
    }).catch((err) => voucher.append(el('p', { class: 'form-error', text: errorText(err) })));
  } else voucher.append(el('p', { class: 'empty', text: t('payment.no_voucher') }));
  const reverse = el('form', { id: 'payment-reverse-form', novalidate: true });
  if (!p.reversed) {
    const reason = input('reason', '');
    reverse.append(errorSummary(), labelled('payment.reverse_reason', reason, true),
      el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'danger', id: 'payment-reverse', text: t('payment.reverse') })));
    reverse.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      if (!reason.value.trim()) { showErrors(reverse, { code: 'validation', fields: [{ field: 'reason', code: 'required' }] }); return; }
      if (!(await confirmAct(t('payment.reverse_confirm', { amount: m(p.amount) }), t('payment.reverse')))) return;
      try { await call('reverse_payment', { id: p.id, reason: reason.value }); toast(t('payment.reversed')); ctx.rerender(); } catch (err) { showErrors(reverse, err); }
    });
  }
  fill(main,
    el('p', {}, el('a', { href: '#fees/payments', text: `← ${t('nav.fees')}` })),
    el('div', { class: 'title-row' }, el('h1', { id: 'payment-title', text: `${t('payment.heading')} · ${m(p.amount)}` }),
      p.reversed ? el('span', { class: 'badge status-reversed', text: t('status.reversed') }) : null,
      p.reversed ? null : el('a', { class: 'button', href: `#letters/confirmation/${p.id}`, id: 'payment-letter', text: t('letter.kind.confirmation') })),
    p.reversed ? el('p', { class: 'form-error', id: 'payment-reversed', text: t('payment.reversed_on', { date: fmtDate(p.reversed[0]), reason: p.reversed[1] }) }) : null,
    el('section', { class: 'panel' }, el('dl', { class: 'facts', id: 'payment-facts' },
      facts.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', {}, v)]))),
    el('section', { class: 'panel' }, el('h2', { text: t('payment.allocation') }),
      p.allocations.length ? el('table', { id: 'payment-allocations' },
        el('thead', {}, el('tr', {}, ['fees.invoice', 'fees.amount'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, p.allocations.map((a) => el('tr', {},
          el('td', {}, el('a', { href: `#invoice/${a.invoice_id}`, text: a.invoice_number })), el('td', { class: 'num', text: m(a.amount) })))))
        : el('p', { class: 'empty', text: t('payment.all_credit') })),
    el('section', { class: 'panel' }, el('h2', { text: t('payment.voucher') }), voucher),
    p.reversed ? null : el('section', { class: 'panel' }, el('h2', { text: t('payment.reverse_title') }), reverse));
}
