// An engagement: its payment plan (current version, every earlier one kept), invoicing a
// plan item, changing the plan (a new version with a reason), and the contractual late
// charges put on a document of their own.
import { call, today } from '../api.js';
import { t } from '../i18n.js';
import { el, showErrors, toast } from '../dom.js';
import { money, fmtMoney } from '../money.js';
import { input, cell, labelled, select } from './quote.js';
import { invoiceTable } from './fees.js';

const PLAN_KINDS = ['prepayment', 'installment', 'balance'];

export async function render(main, ctx, id) {
  const e = await call('get_engagement', { id: Number(id) });
  const invoices = (await call('list_invoices', { filter: { client_id: e.client_id, limit: 500 } })).filter((r) => r.engagement_id === e.id);
  const errBox = el('div', { class: 'form-error', role: 'alert', id: 'engagement-error' });
  // Invoices are dated today unless the lawyer enters an earlier date (catching up on paper).
  const issueDate = el('input', { type: 'date', id: 'plan-issue-date', value: await today() });

  const planTable = el('table', { id: 'plan-items' },
    el('thead', {}, el('tr', {}, ['plan.kind', 'plan.label', 'fees.amount', 'fees.due_on', 'fees.invoice', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
    el('tbody', {}, e.plan.map((i) => el('tr', {},
      el('td', { text: t(`plan.kind.${i.kind}`) }), el('td', { text: i.label }),
      el('td', { class: 'num', text: money(i.amount) }), el('td', { text: i.due_on }),
      el('td', {}, i.invoice_id ? el('a', { href: `#invoice/${i.invoice_id}`, text: i.invoice_number }) : null),
      el('td', {}, i.invoice_id ? null : el('button', {
        type: 'button', class: 'primary', id: `invoice-item-${i.item_no}`, text: t('plan.invoice_now'),
        onclick: async () => {
          try {
            const r = await call('invoice_plan_item', { engagementId: e.id, itemNo: i.item_no, issuedOn: issueDate.value || null });
            toast(t('fees.invoice_issued', { number: r.number }));
            ctx.rerender();
          } catch (err) { showErrors(errBox.parentElement, err); }
        },
      }))))));

  // Plan editor: the current items, invoiced ones locked.
  const form = el('form', { id: 'plan-form', novalidate: true, hidden: true });
  const body = el('tbody', { id: 'plan-edit' });
  function row(p) {
    const tr = el('tr', {});
    tr.itemNo = p.item_no ?? null;
    tr.locked = Boolean(p.invoice_id);
    const i = body.children.length;
    const amount = typeof p.amount === 'object' ? p.amount.amount : p.amount;
    tr.append(
      cell(select(`plan.${i}.kind`, PLAN_KINDS.map((k) => [k, t(`plan.kind.${k}`)]), p.kind)),
      cell(input(`plan.${i}.label`, p.label)),
      cell(input(`plan.${i}.amount`, amount, { inputmode: 'decimal', class: 'num' })),
      cell(input(`plan.${i}.due_on`, p.due_on, { type: 'date' })),
      el('td', { class: 'muted', text: tr.locked ? t('plan.locked') : '' }));
    if (tr.locked) tr.querySelectorAll('input, select').forEach((c) => { c.disabled = true; });
    body.append(tr);
  }
  e.plan.forEach(row);
  const reason = input('reason', '');
  form.append(
    el('div', { class: 'form-error', role: 'alert' }),
    el('table', { class: 'edit' }, el('thead', {}, el('tr', {}, ['plan.kind', 'plan.label', 'fees.amount', 'fees.due_on', ''].map((k) => el('th', { text: k ? t(k) : '' })))), body),
    el('span', { class: 'error-text', id: 'err-q-plan', role: 'alert' }),
    el('input', { type: 'hidden', name: 'plan', id: 'q-plan', 'aria-describedby': 'err-q-plan' }),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'plan-add', text: t('quote.add_plan_item'), onclick: () => row({ kind: 'installment', label: '', amount: '', due_on: '' }) })),
    labelled('plan.reason', reason, true),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'plan-save', text: t('plan.save_version') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const items = [...body.children].map((tr) => {
      const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
      return { item_no: tr.itemNo, kind: v('kind'), label: v('label'), amount: v('amount'), due_on: v('due_on') };
    });
    try {
      const version = await call('revise_plan', { id: e.id, change: { reason: reason.value, items } });
      toast(t('plan.saved', { version }));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });

  // Late charges.
  const late = el('div', { id: 'late-charges' });
  async function loadLate() {
    if (e.late.rule === 'none') { late.replaceChildren(el('p', { class: 'muted', text: t('late.none') })); return; }
    const lc = await call('late_charges', { engagementId: e.id, asOf: null });
    late.replaceChildren(
      el('p', { class: 'muted', text: `${t(`late.rule.${e.late.rule}`)}: ${lc.rule}` }),
      lc.lines.length ? el('table', {}, el('tbody', {}, lc.lines.map((l) => el('tr', {},
        el('td', { text: l.invoice_number }), el('td', { text: `${l.from} → ${l.to}` }), el('td', { text: t('fees.days_late', { n: l.days }) }),
        el('td', { class: 'muted', text: l.basis }), el('td', { class: 'num', text: l.amount }))))) : el('p', { class: 'empty', text: t('late.nothing') }),
      lc.lines.length ? el('p', {}, t('late.total'), ' ', el('strong', { id: 'late-total', text: fmtMoney(lc.total, lc.currency) }), ' ',
        el('button', { type: 'button', id: 'late-issue', text: t('late.issue'), onclick: async () => {
          try {
            const r = await call('issue_late_charges', { engagementId: e.id, asOf: null });
            toast(t('fees.invoice_issued', { number: r.number }));
            ctx.rerender();
          } catch (err) { showErrors(late, err); }
        } })) : null,
      el('div', { class: 'form-error', role: 'alert' }));
  }
  await loadLate();

  main.replaceChildren(
    el('p', {}, el('a', { href: '#fees/engagements', text: `← ${t('nav.fees')}` })),
    el('h1', { id: 'engagement-title', text: e.title }),
    el('p', { class: 'muted' }, el('a', { href: `#client/${e.client_id}`, text: t('fees.client') }), ` · ${e.matter_title} · ${t('fees.accepted_on')} ${e.accepted_on} · `,
      el('strong', { text: money(e.total) }), e.quote_id ? [' · ', el('a', { href: `#quote/${e.quote_id}`, text: t('quote.heading') })] : null),
    el('section', { class: 'panel' },
      el('div', { class: 'title-row' }, el('h2', { text: t('plan.current', { version: e.plan_version }) }),
        el('button', { type: 'button', id: 'plan-change', text: t('plan.change'), onclick: () => { form.hidden = !form.hidden; } })),
      errBox, el('label', { class: 'muted' }, t('plan.issue_date'), ' ', issueDate), planTable, form,
      el('details', {}, el('summary', { text: t('plan.versions') }),
        el('ul', { id: 'plan-versions' }, e.versions.map((v) => el('li', { text: `v${v.version} · ${v.created_at.slice(0, 10)} · ${v.reason}` }))))),
    el('section', { class: 'panel' }, el('h2', { text: t('fees.tab.invoices') }), invoiceTable(invoices, 'engagement-invoices')),
    el('section', { class: 'panel' }, el('h2', { text: t('quote.late') }), late));
}
