// The quote editor (seed 001): stages with lines, the four visible factors with a reason,
// discount, VAT, the payment plan and the late-charge terms; totals computed live by the
// Rust side as the lawyer types. Saving an existing quote writes a new revision.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, toast, fill as fillNode } from '../dom.js';
import { showErrors, liveErrors, valueOf, setDate, clientPicker, input, cell, labelled, select, errorSummary, setOptions, checkbox, checkLabel, textarea, listErrors, currencySelect, amount, choiceOptions } from '../forms.js';
import { money } from '../money.js';
import { fmtDate, fmtDateTime, todayIso } from '../dates.js';

const FACTORS = ['volume', 'complexity', 'specialization', 'urgency'];

// Splits a decimal string into parts in minor units (BigInt), the last part taking the rest.
export function split(total, fractions) {
  const [i, f = ''] = String(total).split('.');
  const scale = f.length;
  const units = BigInt(i + f);
  const parts = fractions.map((p) => (units * BigInt(p)) / 100n);
  parts[parts.length - 1] = units - parts.slice(0, -1).reduce((a, b) => a + b, 0n);
  return parts.map((u) => {
    const s = u.toString().padStart(scale + 1, '0');
    return scale ? `${s.slice(0, -scale)}.${s.slice(-scale)}` : s;
  });
}

export async function render(main, ctx, id, clientParam) {
  const existing = id && id !== 'new' ? await call('get_quote', { id: Number(id) }) : null;
  const fees = await call('get_fee_settings');
  let client = existing ? { id: existing.client_id, display_name: existing.client_name } : null;
  if (!client && clientParam) {
    const c = await call('get_client', { id: Number(clientParam) });
    client = { id: c.id, display_name: c.name };
  }
  const closed = existing && !['draft', 'sent', 'expired'].includes(existing.status);
  const form = el('form', { id: 'quote-form', novalidate: true });
  const matterSelect = select('matter_id', [['', t('quote.matter_new')]], '');
  async function loadMatters() {
    const matters = client ? await call('list_matters', { client: client.id }) : [];
    setOptions(matterSelect, [['', t('quote.matter_new')], ...matters.filter((m) => m.status !== 'closed').map((m) => [m.id, m.title])],
      existing ? existing.matter_id : undefined);
  }
  await loadMatters();
  const linesBody = el('tbody', { id: 'quote-lines' });
  const planBody = el('tbody', { id: 'quote-plan' });
  const totals = el('div', { id: 'quote-totals', class: 'totals', 'aria-live': 'polite' });
  let lastTotal = null;

  function lineRow(l = { stage: '', description: '', kind: 'fixed', rate: '', quantity: '1' }) {
    const tr = el('tr', { class: 'line-row' });
    const fill = () => {
      const i = [...linesBody.children].indexOf(tr);
      fillNode(tr,
        cell(input(`lines.${i}.stage`, l.stage)),
        cell(input(`lines.${i}.description`, l.description)),
        cell(select(`lines.${i}.kind`, ['fixed', 'hourly', 'per_unit'].map((k) => [k, t(`quote.kind.${k}`)]), l.kind)),
        cell(amount(`lines.${i}.rate`, l.rate, { class: 'num' })),
        cell(amount(`lines.${i}.quantity`, l.quantity, { class: 'num' })),
        el('td', { class: 'num line-total' }),
        el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': t('form.remove'), text: '✕', onclick: () => { tr.remove(); renumber(); update(); } })));
    };
    tr.fill = fill;
    tr.snapshot = () => readLine(tr);
    linesBody.append(tr);
    fill();
    return tr;
  }
  function readLine(tr) {
    const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
    return { stage: v('stage'), description: v('description'), kind: v('kind'), rate: v('rate'), quantity: v('quantity') };
  }
  function planRow(p = { kind: 'prepayment', label: '', amount: '', due_on: '' }) {
    const tr = el('tr', { class: 'plan-row' });
    tr.itemNo = p.item_no ?? null;
    tr.fill = (d) => {
      const i = [...planBody.children].indexOf(tr);
      fillNode(tr,
        cell(select(`plan.${i}.kind`, choiceOptions('plan_item_kinds', 'plan.kind'), d.kind)),
        cell(input(`plan.${i}.label`, d.label)),
        cell(amount(`plan.${i}.amount`, d.amount, { class: 'num' })),
        cell(input(`plan.${i}.due_on`, d.due_on, { type: 'date' })),
        el('td', {}, el('button', { type: 'button', class: 'link', 'aria-label': t('form.remove'), text: '✕', onclick: () => { tr.remove(); renumber(); } })));
    };
    planBody.append(tr);
    tr.fill(p);
    return tr;
  }
  function readPlan(tr) {
    const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
    return { kind: v('kind'), label: v('label'), amount: v('amount'), due_on: valueOf(tr.querySelector('[name$=".due_on"]')) };
  }
  function renumber() {
    for (const tr of linesBody.children) { const d = readLine(tr); tr.fill(); fillLine(tr, d); }
    for (const tr of planBody.children) tr.fill(readPlan(tr));
  }
  function fillLine(tr, d) {
    for (const [k, v] of Object.entries(d)) tr.querySelector(`[name$=".${k}"]`).value = v;
  }

  const factorRows = FACTORS.map((f, i) => el('tr', {},
    el('th', { text: t(`quote.factor.${f}`) }),
    cell(amount(`factors.${i}.multiplier`, '1', { class: 'num' })),
    cell(input(`factors.${i}.reason`, ''))));

  const head = {
    title: input('title', ''),
    currency: currencySelect('currency', ctx.defaultCurrency || 'CNY'),
    valid_until: input('valid_until', '', { type: 'date' }),
    discount_percent: amount('discount_percent', '0'),
    tax_percent: amount('tax_percent', '', { placeholder: fees.vat_percent == null ? '' : String(fees.vat_percent) }),
    tax_inclusive: checkbox({ id: 'q-tax-inclusive', name: 'tax_inclusive', checked: fees.prices_include_vat }),
    late_rule: select('late.rule', ['none', 'annual', 'daily', 'fixed'].map((r) => [r, t(`late.rule.${r}`)]), 'none'),
    late_rate: amount('late.rate', ''),
    late_day_count: select('late.day_count', [['act365', t('late.act365')], ['act360', t('late.act360')]], 'act365'),
    terms: textarea('terms', { rows: 3 }),
  };

  function readInput() {
    const factors = FACTORS.map((f, i) => ({
      factor: f,
      multiplier: form.querySelector(`[name="factors.${i}.multiplier"]`).value,
      reason: form.querySelector(`[name="factors.${i}.reason"]`).value,
    }));
    return {
      client_id: client ? client.id : 0,
      matter_id: matterSelect.value ? Number(matterSelect.value) : null,
      title: head.title.value,
      currency: head.currency.value,
      lines: [...linesBody.children].map(readLine),
      factors: factors.filter((f, i) => f.multiplier.trim() !== '1' || f.reason.trim() || i < 0),
      discount_percent: head.discount_percent.value,
      tax_percent: head.tax_percent.value.trim() || null,
      tax_inclusive: head.tax_inclusive.checked,
      valid_until: valueOf(head.valid_until),
      terms: head.terms.value,
      plan: [...planBody.children].map((tr, i) => ({ ...readPlan(tr), item_no: null, _i: i })).map(({ _i, ...p }) => p),
      late: { rule: head.late_rule.value, rate: head.late_rate.value, day_count: head.late_day_count.value },
    };
  }

  // Factor rows are sent only when they differ from 1; errors come back by index of what
  // was sent, so map them to the row the lawyer sees.
  function factorIndexMap() {
    const map = {};
    let sent = 0;
    FACTORS.forEach((f, i) => {
      const m = form.querySelector(`[name="factors.${i}.multiplier"]`).value;
      const r = form.querySelector(`[name="factors.${i}.reason"]`).value;
      if (m.trim() !== '1' || r.trim()) { map[sent] = i; sent += 1; }
    });
    return map;
  }
  function mapErrors(err) {
    const fm = factorIndexMap();
    return { ...err, fields: (err.fields || []).map((f) => {
      const m = /^factors\.(\d+)\.(\w+)$/.exec(f.field);
      return m ? { ...f, field: `factors.${fm[m[1]] ?? m[1]}.${m[2]}` } : f;
    }) };
  }

  const live = liveErrors(form);
  let timer;
  async function update() {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      try {
        const tot = await call('preview_quote', { input: readInput() });
        lastTotal = tot.total.amount;
        [...linesBody.children].forEach((tr, i) => { tr.querySelector('.line-total').textContent = tot.lines[i] ? money(tot.lines[i]) : ''; });
        fillNode(totals, el('dl', { class: 'facts' },
          ['subtotal', 'factored', 'discount', 'net', 'tax', 'total'].flatMap((k) => [
            el('dt', { text: k === 'factored' ? t('quote.factored', { factor: tot.factor }) : t(`quote.${k}`) }),
            el('dd', { id: `quote-${k}`, class: `num${k === 'total' ? ' big' : ''}`, text: money(tot[k]) })])));
        live.show({ code: 'validation', fields: [] });
      } catch (err) {
        fillNode(totals, el('p', { class: 'muted', text: t('quote.totals_pending') }));
        // What is wrong shows for fields already left (all of them after a save attempt),
        // without moving the cursor: the form opens clean.
        if (err.code === 'validation') live.show(mapErrors(err));
      }
    }, 120);
  }

  function planPreset(fractions) {
    if (!lastTotal) return;
    fillNode(planBody);
    // The first part is paid up front, the last on completion, any between as instalments.
    const kindOf = (i) => (i === 0 ? 'prepayment' : i === fractions.length - 1 ? 'balance' : 'installment');
    split(lastTotal, fractions).forEach((amount, i) => planRow({ kind: kindOf(i), label: '', amount, due_on: '' }));
  }

  // A new quote starts in the client's usual currency (its latest invoice or quote), else
  // the firm's default.
  let currencyTouched = false;
  async function defaultCurrency() {
    if (existing || currencyTouched || !client) return;
    const u = await call('usual_currency', { clientId: client.id });
    if (u) head.currency.value = u;
  }
  head.currency.addEventListener('change', () => { currencyTouched = true; });
  const picker = existing ? null : clientPicker('quote-client', async (c) => { client = c; await loadMatters(); await defaultCurrency(); update(); }, client);
  form.append(
    errorSummary(),
    el('div', { class: 'grid' },
      picker || el('p', { class: 'wide', id: 'quote-client-name' }, el('a', { href: `#client/${client.id}`, text: client.display_name })),
      labelled('quote.matter', matterSelect),
      labelled('quote.title', head.title, true),
      labelled('fees.currency', head.currency),
      labelled('fees.valid_until', head.valid_until),
      labelled('quote.discount_percent', head.discount_percent),
      labelled('quote.tax_percent', head.tax_percent),
      el('div', { class: 'field' }, checkLabel(head.tax_inclusive, t('quote.tax_inclusive')))),
    el('h2', { text: t('quote.lines') }),
    el('table', { class: 'edit' },
      el('thead', {}, el('tr', {}, ['quote.stage', 'quote.description', 'quote.kind', 'quote.rate', 'quote.quantity', 'quote.line_total', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
      linesBody),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'quote-add-line', text: t('quote.add_line'), onclick: () => { lineRow(); update(); } })),
    el('h2', { text: t('quote.factors') }),
    el('table', { class: 'edit', id: 'quote-factors' },
      el('thead', {}, el('tr', {}, ['quote.factor', 'quote.multiplier', 'quote.reason'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, factorRows)),
    el('section', { class: 'panel' }, el('h2', { text: t('quote.totals') }), totals),
    el('h2', { text: t('quote.plan') }),
    el('p', { class: 'muted', text: t('quote.plan_hint') }),
    el('table', { class: 'edit' },
      el('thead', {}, el('tr', {}, ['plan.kind', 'plan.label', 'fees.amount', 'fees.due_on', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
      planBody),
    ...listErrors('plan'),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'quote-add-plan', text: t('quote.add_plan_item'), onclick: () => planRow() }),
      el('button', { type: 'button', id: 'quote-plan-100', text: t('quote.plan_all'), onclick: () => planPreset([100]) }),
      el('button', { type: 'button', id: 'quote-plan-50', text: t('quote.plan_half'), onclick: () => planPreset([50, 50]) }),
      el('button', { type: 'button', id: 'quote-plan-303040', text: t('quote.plan_thirds'), onclick: () => planPreset([30, 30, 40]) })),
    el('h2', { text: t('quote.late') }),
    el('div', { class: 'grid' },
      labelled('late.rule', head.late_rule), labelled('late.rate', head.late_rate), labelled('late.day_count', head.late_day_count)),
    el('p', { class: 'muted', text: t('late.hint') }),
    labelled('quote.terms', head.terms, true),
    el('div', { class: 'actions' },
      closed ? null : el('button', { type: 'submit', class: 'primary', id: 'quote-save', text: existing ? t('quote.save_revision') : t('quote.save') })));

  if (existing) {
    head.title.value = existing.title;
    head.currency.value = existing.pricing.currency;
    setDate(head.valid_until, existing.valid_until);
    head.discount_percent.value = existing.pricing.discount_percent;
    head.tax_percent.value = existing.pricing.tax_percent;
    head.tax_inclusive.checked = existing.pricing.tax_inclusive;
    head.terms.value = existing.terms;
    head.late_rule.value = existing.late.rule;
    head.late_rate.value = existing.late.rule === 'none' ? '' : existing.late.rate;
    head.late_day_count.value = existing.late.day_count;
    existing.pricing.lines.forEach((l) => lineRow({ stage: l.stage, description: l.description, kind: l.kind, rate: l.rate, quantity: l.quantity }));
    existing.pricing.factors.forEach((f) => {
      const i = FACTORS.indexOf(f.factor);
      if (i >= 0) {
        form.querySelector(`[name="factors.${i}.multiplier"]`).value = f.multiplier;
        form.querySelector(`[name="factors.${i}.reason"]`).value = f.reason;
      }
    });
    existing.plan.forEach((p) => planRow(p));
  } else {
    lineRow();
    setDate(head.valid_until, todayIso(30));
    await defaultCurrency();
  }
  form.addEventListener('input', update);
  form.addEventListener('change', update);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (closed) return;
    live.submitted();
    try {
      const saved = await call('save_quote', { id: existing ? existing.id : null, input: readInput() });
      toast(t('quote.saved', { number: saved.number, revision: saved.revision }));
      if (existing) ctx.rerender(); else location.hash = `quote/${saved.id}`;
    } catch (err) {
      showErrors(form, mapErrors(err));
    }
  });

  const statusBar = existing ? el('div', { class: 'actions', id: 'quote-status-actions' },
    el('span', { class: `badge status-${existing.status}`, id: 'quote-status', text: t(`status.${existing.status}`) }),
    existing.status === 'draft' ? el('button', { type: 'button', id: 'quote-send', text: t('quote.mark_sent'), onclick: () => setStatus('sent') }) : null,
    ['draft', 'sent'].includes(existing.status) ? el('button', { type: 'button', class: 'primary', id: 'quote-accept', text: t('quote.accept'), onclick: accept }) : null,
    ['draft', 'sent', 'expired'].includes(existing.status) ? el('button', { type: 'button', id: 'quote-decline', text: t('quote.decline'), onclick: () => setStatus('declined') }) : null,
    existing.engagement_id ? el('a', { href: `#engagement/${existing.engagement_id}`, id: 'quote-engagement', text: t('quote.open_engagement') }) : null,
    el('a', { class: 'button', href: `#letters/quote/${existing.id}`, id: 'quote-letter', text: t('letter.kind.quote') })) : null;
  async function setStatus(status) {
    try { await call('set_quote_status', { id: existing.id, status }); ctx.rerender(); } catch (err) { showErrors(form, err); }
  }
  async function accept() {
    try {
      const a = await call('accept_quote', { id: existing.id, on: null });
      toast(t('quote.accepted'));
      location.hash = `engagement/${a.engagement_id}`;
    } catch (err) { showErrors(form, err); }
  }
  fillNode(main, 
    el('p', {}, el('a', { href: '#fees/quotes', text: `← ${t('nav.fees')}` })),
    el('h1', { id: 'quote-heading', text: existing ? `${t('quote.heading')} ${existing.number}` : t('fees.new_quote') }),
    statusBar,
    form,
    existing ? el('section', { class: 'panel' }, el('h2', { text: t('quote.revisions') }),
      el('table', { id: 'quote-revisions' }, el('tbody', {}, existing.revisions.map((r) => el('tr', {},
        el('td', { text: `r${r.revision}` }), el('td', { text: r.title }), el('td', { class: 'num', text: money(r.total) }),
        el('td', { class: 'nowrap', text: fmtDate(r.valid_until) }), el('td', { class: 'muted nowrap', text: fmtDateTime(r.created_at) })))))) : null);
  update();
}
