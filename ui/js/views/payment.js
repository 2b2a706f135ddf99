// Recording a payment: amount, date, method, payer, reference, account, the voucher file;
// the allocation preview (oldest due first) updates as the lawyer types, and any invoice's
// share can be overridden by hand. What is left over is kept as client credit.
import { call, today as localToday } from '../api.js';
import { t } from '../i18n.js';
import { el, showErrors, clearErrors, toast, readFile } from '../dom.js';
import { fmtMoney } from '../money.js';
import { input, labelled, select } from './quote.js';
import { clientPicker } from './pickers.js';

export const METHODS = ['bank_transfer', 'cash', 'cheque', 'card', 'alipay', 'wechat_pay', 'sbp', 'other'];

export async function render(main, ctx, id, clientParam) {
  let client = null;
  if (clientParam || (id && id !== 'new')) {
    const c = await call('get_client', { id: Number(clientParam || id) });
    client = { id: c.id, display_name: c.name };
  }
  const accounts = await call('list_bank_accounts');
  const today = await localToday();
  const f = {
    currency: select('currency', ctx.status.currencies.map((c) => [c, c]), ctx.defaultCurrency || 'CNY'),
    amount: input('amount', '', { inputmode: 'decimal' }),
    received_on: input('received_on', today, { type: 'date' }),
    method: select('method', METHODS.map((m) => [m, t(`method.${m}`)]), 'bank_transfer'),
    payer: input('payer', ''),
    reference: input('reference', ''),
    bank_account_id: select('bank_account_id', [['', t('payment.no_account')], ...accounts.map((a) => [String(a.id), `${a.label} · ${a.currency} · ${a.account_mask}`])], ''),
    notes: input('notes', ''),
  };
  // The native file control speaks the webview's language: hide it behind a translated button.
  const voucher = el('input', { type: 'file', id: 'payment-voucher', class: 'visually-hidden', accept: '.pdf,.png,.jpg,.jpeg', 'aria-describedby': 'err-payment-voucher', name: 'voucher' });
  const voucherName = el('span', { class: 'muted', id: 'payment-voucher-name' });
  voucher.addEventListener('change', () => { voucherName.textContent = voucher.files[0] ? voucher.files[0].name : ''; });
  const manual = el('input', { type: 'checkbox', id: 'payment-manual' });
  const previewBox = el('div', { id: 'allocation-preview', 'aria-live': 'polite' });
  const form = el('form', { id: 'payment-form', novalidate: true });
  let openRows = [];

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
      client_id: client ? client.id : 0, currency: f.currency.value, amount: f.amount.value, received_on: f.received_on.value,
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
        const active = document.activeElement;
        showErrors(form, err);
        if (active) active.focus();
      }
    }, 120);
  }
  function drawPreview(p) {
    const given = Object.fromEntries([...previewBox.querySelectorAll('input[data-invoice]')].map((i) => [i.dataset.invoice, i.value]));
    const share = (id) => (p ? (p.allocations.find((a) => a.invoice_id === id) || {}).amount : '') || '';
    previewBox.replaceChildren(
      openRows.length ? el('table', { id: 'allocation-table' },
        el('thead', {}, el('tr', {}, ['fees.number', 'fees.due_on', 'fees.open_amount', 'payment.allocated'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, openRows.map((r) => el('tr', {},
          el('td', {}, el('a', { href: `#invoice/${r.id}`, text: r.number })),
          el('td', { class: r.status === 'overdue' ? 'overdue' : '', text: r.due_date }),
          el('td', { class: 'num', text: fmtMoney(r.open_amount, r.currency) }),
          el('td', { class: 'num' }, manual.checked
            ? el('input', { 'data-invoice': r.id, id: `alloc-${r.id}`, inputmode: 'decimal', class: 'num', value: given[r.id] ?? share(r.id) })
            : el('span', { id: `alloc-${r.id}`, text: share(r.id) ? fmtMoney(share(r.id), r.currency) : '—' })))))) : el('p', { class: 'empty', text: t('payment.no_open') }),
      p ? el('p', { id: 'allocation-credit' }, t('payment.credit'), ' ', el('strong', { text: fmtMoney(p.credit, p.currency) })) : null);
  }

  form.append(
    el('div', { class: 'form-error', role: 'alert' }),
    el('div', { class: 'grid' },
      clientPicker('payment-client', async (c) => { client = c; await loadOpen(); preview(); drawPreview(null); }, client),
      labelled('fees.currency', f.currency), labelled('fees.amount', f.amount), labelled('fees.received_on', f.received_on),
      labelled('fees.method', f.method), labelled('payment.payer', f.payer), labelled('payment.reference', f.reference),
      labelled('payment.account', f.bank_account_id),
      el('div', { class: 'field' }, el('span', { class: 'label', text: t('payment.voucher') }),
        el('div', {}, voucher, el('label', { for: 'payment-voucher', class: 'button', text: t('payment.voucher_choose') }), ' ', voucherName),
        el('span', { class: 'error-text', id: 'err-payment-voucher', role: 'alert' })),
      labelled('payment.notes', f.notes, true)),
    el('h2', { text: t('payment.allocation') }),
    el('label', {}, manual, ' ', t('payment.manual')),
    previewBox,
    el('span', { class: 'error-text', id: 'err-q-allocations', role: 'alert' }),
    el('input', { type: 'hidden', name: 'allocations', id: 'q-allocations', 'aria-describedby': 'err-q-allocations' }),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'payment-save', text: t('payment.save') })));
  f.currency.addEventListener('change', async () => { await loadOpen(); drawPreview(null); preview(); });
  manual.addEventListener('change', () => { preview(); });
  form.addEventListener('input', (ev) => { if (ev.target !== voucher) preview(); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      let file = null;
      if (voucher.files[0]) {
        const r = await readFile(voucher.files[0]);
        file = [r.name, r.base64.slice(r.base64.indexOf(',') + 1)];
      }
      const rec = await call('record_payment', { input: readInput(), voucher: file });
      toast(t('payment.recorded', { n: rec.allocations.length }));
      location.hash = client ? `client/${client.id}` : 'fees/payments';
    } catch (err) { showErrors(form, err); }
  });
  await loadOpen();
  drawPreview(null);
  main.replaceChildren(el('p', {}, el('a', { href: '#fees/payments', text: `← ${t('nav.fees')}` })),
    el('h1', { text: t('fees.record_payment') }), form);
}
