// An engagement: its payment plan (current version, every earlier one kept), invoicing a
// plan item, changing the plan (a new version with a reason), the contractual late
// charges put on a document of their own, and the contract its demand letters cite.
import { call } from '../api.js';
import { t, systemText } from '../i18n.js';
import { el, toast, confirmAct, fill } from '../dom.js';
import { field, readForm, fillForm, clearErrors, showErrors, valueOf, input, cell, labelled, select, errorSummary, errorSlot, listErrors, amount, choiceOptions } from '../forms.js';
import { money, fmtMoney, fmtAmount } from '../money.js';
import { fmtDate, todayIso } from '../dates.js';
import { invoiceTable } from '../panels/fee_lists.js';


export async function render(main, ctx, id) {
  const e = await call('get_engagement', { id: Number(id) });
  const [all, client] = await Promise.all([call('list_invoices', { filter: { client_id: e.client_id, limit: 500 } }), call('get_client', { id: e.client_id })]);
  const invoices = all.filter((r) => r.engagement_id === e.id);
  const errBox = errorSummary('div', { id: 'engagement-error' });
  // Invoices are dated today unless the lawyer enters an earlier date (catching up on paper).
  const issueDate = input(null, todayIso(), { type: 'date', id: 'plan-issue-date' });

  const planTable = el('table', { id: 'plan-items' },
    el('thead', {}, el('tr', {}, ['plan.kind', 'plan.label', 'fees.amount', 'fees.due_on', 'fees.invoice', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
    el('tbody', {}, e.plan.map((i) => el('tr', {},
      el('td', { text: t(`plan.kind.${i.kind}`) }), el('td', { text: i.label }),
      el('td', { class: 'num', text: money(i.amount) }), el('td', { class: 'nowrap', text: fmtDate(i.due_on) }),
      el('td', {}, i.invoice_id ? el('a', { href: `#invoice/${i.invoice_id}`, text: i.invoice_number }) : null),
      el('td', {}, i.invoice_id ? null : el('button', {
        type: 'button', class: 'primary', id: `invoice-item-${i.item_no}`, text: t('plan.invoice_now'),
        onclick: async () => {
          if (!(await confirmAct(t('invoice.issue_confirm'), t('plan.invoice_now')))) return;
          try {
            const r = await call('invoice_plan_item', { engagementId: e.id, itemNo: i.item_no, issuedOn: valueOf(issueDate) || null });
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
    const sum = typeof p.amount === 'object' ? p.amount.amount : p.amount;
    tr.append(
      cell(select(`plan.${i}.kind`, choiceOptions('plan_item_kinds', 'plan.kind'), p.kind)),
      cell(input(`plan.${i}.label`, p.label)),
      cell(amount(`plan.${i}.amount`, sum, { class: 'num' })),
      cell(input(`plan.${i}.due_on`, p.due_on, { type: 'date' })),
      el('td', { class: 'muted', text: tr.locked ? t('plan.locked') : '' }));
    if (tr.locked) tr.querySelectorAll('input, select').forEach((c) => { c.disabled = true; });
    body.append(tr);
  }
  e.plan.forEach(row);
  const reason = input('reason', '');
  form.append(
    errorSummary(),
    el('table', { class: 'edit' }, el('thead', {}, el('tr', {}, ['plan.kind', 'plan.label', 'fees.amount', 'fees.due_on', ''].map((k) => el('th', { text: k ? t(k) : '' })))), body),
    ...listErrors('plan'),
    el('div', { class: 'actions' }, el('button', { type: 'button', id: 'plan-add', text: t('quote.add_plan_item'), onclick: () => row({ kind: 'installment', label: '', amount: '', due_on: '' }) })),
    labelled('plan.reason', reason, true),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'plan-save', text: t('plan.save_version') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const items = [...body.children].map((tr) => {
      const v = (k) => tr.querySelector(`[name$=".${k}"]`).value;
      return { item_no: tr.itemNo, kind: v('kind'), label: v('label'), amount: v('amount'), due_on: valueOf(tr.querySelector('[name$=".due_on"]')) };
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
    if (e.late.rule === 'none') { fill(late, el('p', { class: 'muted', text: t('late.none') })); return; }
    const lc = await call('late_charges', { engagementId: e.id, asOf: null });
    fill(late,
      el('p', { class: 'muted', text: `${t(`late.rule.${e.late.rule}`)}: ${lateRule(e.late)}` }),
      lc.lines.length ? el('table', {}, el('tbody', {}, lc.lines.map((l) => el('tr', {},
        el('td', { text: l.invoice_number }), el('td', { text: `${fmtDate(l.from)} → ${fmtDate(l.to)}` }), el('td', { text: t('fees.days_late', { n: l.days }) }),
        el('td', { class: 'num', text: fmtAmount(l.amount) }))))) : el('p', { class: 'empty', text: t('late.nothing') }),
      lc.lines.length ? el('p', {}, t('late.total'), ' ', el('strong', { id: 'late-total', text: fmtMoney(lc.total, lc.currency) }), ' ',
        el('button', { type: 'button', id: 'late-issue', text: t('late.issue'), onclick: async () => {
          if (!(await confirmAct(t('invoice.issue_confirm'), t('late.issue')))) return;
          try {
            const r = await call('issue_late_charges', { engagementId: e.id, asOf: null });
            toast(t('fees.invoice_issued', { number: r.number }));
            ctx.rerender();
          } catch (err) { showErrors(late, err); }
        } })) : null,
      errorSummary());
  }
  await loadLate();
  const contract = contractPanel(e, await call('get_engagement_contract', { engagementId: e.id }));

  fill(main,
    el('p', {}, el('a', { href: '#fees/engagements', text: `← ${t('nav.fees')}` })),
    el('h1', { id: 'engagement-title', text: e.title }),
    el('p', { class: 'muted' }, el('a', { href: `#client/${e.client_id}`, text: client.name }), ` · ${e.matter_title} · ${t('fees.accepted_on')} ${fmtDate(e.accepted_on)} · `,
      el('strong', { text: money(e.total) }), e.quote_id ? [' · ', el('a', { href: `#quote/${e.quote_id}`, text: t('quote.heading') })] : null),
    el('section', { class: 'panel' },
      el('div', { class: 'title-row' }, el('h2', { text: t('plan.current', { version: e.plan_version }) }),
        el('button', { type: 'button', id: 'plan-change', text: t('plan.change'), onclick: () => { form.hidden = !form.hidden; } })),
      errBox, el('div', { class: 'field inline-field' }, el('label', { for: 'plan-issue-date', text: t('plan.issue_date') }), issueDate,
        el('span', { class: 'hint', text: t('plan.issue_date_hint') }), errorSlot('err-plan-issue-date')), planTable, form,
      el('details', {}, el('summary', { text: t('plan.versions') }),
        el('ul', { id: 'plan-versions' }, e.versions.map((v) => el('li', { text: `v${v.version} · ${fmtDate(v.created_at.slice(0, 10))} · ${systemText(v.reason)}` }))))),
    el('section', { class: 'panel' }, el('h2', { text: t('fees.tab.invoices') }), invoiceTable(invoices, 'engagement-invoices')),
    el('section', { class: 'panel' }, el('h2', { text: t('quote.late') }), late),
    contract);
}

// The contract a demand letter cites (title, number, date, work done, the late-charge
// clause, the dispute clause): the same use case as `lawdesk-cli engagement contract --set`.
// The late charge's rate and day count are the engagement's terms, shown beside the clause.
function contractPanel(e, c) {
  const forum = field('contract', 'dispute_forum', { options: ['', 'court', 'arbitration'].map((f) => [f, t(`contract.forum.${f || 'none'}`)]) });
  const body = field('contract', 'arbitration_body', { wide: true, hint: 'contract.arbitration_body_hint' });
  const form = el('form', { id: 'contract-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('contract', 'contract_title', { wide: true }),
      field('contract', 'contract_number'),
      field('contract', 'contract_date', { type: 'date' }),
      field('contract', 'work_done', { type: 'textarea', wide: true, hint: 'contract.work_done_hint' }),
      field('contract', 'late_clause', { hint: 'contract.late_clause_hint' }),
      el('div', { class: 'field' }, el('span', { class: 'label', text: t('contract.late_terms') }),
        el('span', { id: 'contract-late-terms', class: 'muted', text: e.late.rule === 'none' ? t('late.none') : lateRule(e.late) })),
      forum, body),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'contract-save', text: t('form.save') })));
  fillForm(form, c);
  const select = forum.querySelector('select');
  const showBody = () => { body.hidden = select.value !== 'arbitration'; };
  select.addEventListener('change', showBody);
  showBody();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = readForm(form);
    if (input.dispute_forum !== 'arbitration') input.arbitration_body = '';
    const button = form.querySelector('#contract-save');
    button.disabled = true;
    try {
      fillForm(form, await call('save_engagement_contract', { engagementId: e.id, input }));
      clearErrors(form);
      toast(t('contract.saved'));
    } catch (err) {
      showErrors(form, err); // what was typed stays in the form
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'contract-h' },
    el('h2', { id: 'contract-h', text: t('contract.title') }),
    el('p', { class: 'muted', text: t('contract.intro') }),
    form);
}

// The contractual late-charge rule in words, in the current language.
function lateRule(late) {
  const rate = fmtAmount(String(late.rate ?? ''));
  if (late.rule === 'annual') return t('late.describe.annual', { rate, days: late.day_count === 'act360' ? '360' : '365' });
  if (late.rule === 'daily') return t('late.describe.daily', { rate });
  if (late.rule === 'fixed') return t('late.describe.fixed', { rate });
  return t('late.none');
}
