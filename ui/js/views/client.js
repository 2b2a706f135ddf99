// One client: details, contacts, related persons, consent, matters (with the conflict check
// on every opposing party) and the recorded checks.
import { call, actionErrorText } from '../api.js';
import { t, LANGUAGE_NAMES } from '../i18n.js';
import { el, toast, confirmAct, fill } from '../dom.js';
import { field, readForm, showErrors, clearErrors, errorSummary, textInput } from '../forms.js';
import { fmtDate, fmtDateTime } from '../dates.js';
import { conflictList } from '../panels/conflicts.js';
import { logPanel, followUpsPanel, complaintsPanel } from '../panels/client_records.js';
import { clientForm, remapFields } from '../panels/client_form.js';
import { balancePanel } from '../panels/receivables.js';
import { clocksPanel } from '../panels/clocks.js';


// The claim pack for the court or a collector: a folder is asked for, the PDF (with
// bookmarks) and the ZIP of originals are written into it.
async function claimPack(c) {
  try {
    const r = await call('save_claim_pack', { clientId: c.id, title: t('claim.folder_title') });
    if (r) toast(t('claim.saved', { pages: r.pages, letters: r.letters }));
  } catch (err) { toast(actionErrorText(err), 'error'); }
}

function dl(pairs) {
  return el('dl', { class: 'facts' }, pairs.filter(([, v]) => v).flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { text: v })]));
}

export async function render(main, ctx, id, extra) {
  const c = await call('get_client', { id: Number(id) });
  const [log, follow, complaints, balance] = await Promise.all([logPanel(c, ctx), followUpsPanel(c, ctx), complaintsPanel(c, ctx), balancePanel(c)]);
  const profile = Object.entries(c.profile || {}).map(([k, v]) => [`profile.${k}`, v]);
  const editPanel = el('section', { class: 'panel', id: 'client-edit-panel', hidden: true }, clientForm(c));
  fill(main, ...[
    el('p', {}, el('a', { href: '#clients', text: `← ${t('nav.clients')}` })),
    el('div', { class: 'title-row' }, el('h1', { id: 'client-title', text: c.name }),
      el('button', { type: 'button', id: 'client-edit', text: t('form.edit'), onclick: () => { editPanel.hidden = !editPanel.hidden; } }),
      el('button', { type: 'button', id: 'client-claim-pack', text: t('claim.button'), onclick: () => claimPack(c) })),
    editPanel,
    el('p', { class: 'muted', text: `${t(`client.kind.${c.kind}`)} · ${t('client.grade')} ${c.grade}${c.grade_reason ? ` (${c.grade_reason})` : ''}` }),
    el('section', { class: 'panel' },
      dl([
        ['client.id_number', c.id_number], ['client.phone', c.phones.join(', ')],
        ['client.email', c.emails.join(', ')], ['client.address', c.addresses.join('; ')],
        ['client.language', LANGUAGE_NAMES[c.language] || c.language], ['client.practice_area', c.practice_area],
        ['client.source', c.source], ['client.industry', c.industry],
        ['client.tags', c.tags.join(', ')], ['client.notes', c.notes], ...profile,
      ])),
    balance,
    clocksPanel({ clientId: c.id }),
    relatedPanel(c, ctx),
    consentPanel(c, ctx),
    mattersPanel(c, ctx),
    follow,
    log,
    checksPanel(c),
    complaints,
  ].filter(Boolean));
  // `#client/12/matter` (from the Matters list): straight to the new-matter form.
  if (extra === 'matter') {
    setTimeout(() => {
      const f = document.getElementById('matter-form');
      if (f) { f.scrollIntoView({ block: 'start' }); f.querySelector('[name=title]').focus({ preventScroll: true }); }
    }, 0);
  }
}

function mattersPanel(c, ctx) {
  const out = el('div', { id: 'matter-conflicts' });
  const form = el('form', { id: 'matter-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('matter', 'title', { wide: true }),
      field('matter', 'practice_area'),
      field('matter', 'responsible_lawyer'),
      field('matter', 'opened_on', { type: 'date' }),
      field('matter', 'opposing_name'),
      field('matter', 'opposing_role', { options: ['opposing_party', 'opposing_counsel', 'co_defendant', 'third_party'].map((r) => [r, t(`role.${r}`)]) }),
      field('matter', 'opposing_id_number')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'matter-save', text: t('matters.open_new') })),
    out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    const input = {
      client_id: c.id, title: d.title, practice_area: d.practice_area,
      responsible_lawyer: d.responsible_lawyer, opened_on: d.opened_on,
      opposing_parties: d.opposing_name.trim() ? [{ name: d.opposing_name, role: d.opposing_role, id_number: d.opposing_id_number }] : [],
    };
    try {
      const saved = await call('add_matter', { input });
      clearErrors(form);
      toast(t('matters.saved'));
      if (saved.conflicts.length) {
        fill(out, conflictList(saved.conflicts), el('button', { type: 'button', id: 'matter-continue', text: t('form.continue'), onclick: () => ctx.rerender() }));
      } else {
        ctx.rerender();
      }
    } catch (err) {
      const map = { 'opposing_parties.0.name': 'opposing_name', 'opposing_parties.0.role': 'opposing_role', 'opposing_parties.0.id_number': 'opposing_id_number' };
      showErrors(form, { ...err, fields: (err.fields || []).map((f) => ({ ...f, field: map[f.field] || f.field })) });
    }
  });
  return el('section', { class: 'panel' },
    el('h2', { text: t('nav.matters') }),
    c.matters.length
      ? el('table', { id: 'matter-table' },
        el('thead', {}, el('tr', {}, ['matter.title', 'matter.status', 'matter.opened_on', 'matter.opposing'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, c.matters.map((m) => el('tr', {},
          el('td', {}, el('a', { href: `#matter/${m.id}`, text: m.title })),
          el('td', { text: t(`matter.status.${m.status}`) }),
          el('td', { class: 'nowrap', text: fmtDate(m.opened_on) }),
          el('td', { text: m.opposing_parties.map((p) => p.name).join(', ') }),
          el('td', {}, m.status !== 'closed' ? el('button', { type: 'button', class: 'matter-close', text: t('matters.close'), onclick: async () => {
            if (!(await confirmAct(t('matters.close_confirm', { title: m.title }), t('matters.close')))) return;
            try { await call('close_matter', { matter: m.id, closedOn: null }); toast(t('matters.closed')); ctx.rerender(); } catch (err) { toast(actionErrorText(err), 'error'); }
          } }) : fmtDate(m.closed_on))))))
      : el('p', { class: 'empty', text: t('matters.none') }),
    el('h2', { text: t('matters.open_new') }),
    form);
}

function checksPanel(c) {
  const result = el('div', { id: 'check-result' });
  const box = textInput({ id: 'check-name', type: 'text', 'aria-label': t('conflicts.check_name'), placeholder: t('conflicts.check_name') });
  const run = async () => {
    try {
      const hits = await call('check_conflicts', { name: box.value });
      fill(result, conflictList(hits));
    } catch (err) {
      fill(result, el('p', { class: 'form-error', text: t(`field.${(err.fields && err.fields[0] && err.fields[0].code) || 'invalid'}`) }));
    }
  };
  box.addEventListener('keydown', (e) => { if (e.key === 'Enter') run(); });
  return el('section', { class: 'panel' },
    el('h2', { text: t('conflicts.title') }),
    el('div', { class: 'actions' }, box, el('button', { type: 'button', id: 'check-run', text: t('conflicts.run'), onclick: run })),
    result,
    c.conflict_checks.length ? el('table', { id: 'check-history' },
      el('thead', {}, el('tr', {}, ['conflicts.when', 'conflicts.subject', 'conflicts.outcome'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, c.conflict_checks.map((k) => el('tr', {},
        el('td', { class: 'nowrap', text: fmtDateTime(k.checked_at) }),
        el('td', { text: k.subject }),
        el('td', { text: k.outcome === 'clear' ? t('conflicts.clear') : t('conflicts.found', { n: k.hits.length }) }))))) : null);
}

function relatedPanel(c, ctx) {
  const out = el('div', { id: 'related-conflicts' });
  const form = el('form', { id: 'related-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('client', 'related_relation', { options: ['contact_person', 'legal_representative', 'family', 'other'].map((r) => [r, t(`relation.${r}`)]) }),
      field('client', 'related_name'),
      field('client', 'related_phone', { type: 'tel' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'related-save', text: t('related.add') })),
    out);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    try {
      const saved = await call('add_related_person', { id: c.id, input: { relation: d.related_relation, name: d.related_name, phone: d.related_phone } });
      if (saved.conflicts.length) fill(out, conflictList(saved.conflicts), el('button', { type: 'button', text: t('form.continue'), onclick: () => ctx.rerender() }));
      else ctx.rerender();
    } catch (err) {
      const map = { 'related_persons.0.name': 'related_name', 'related_persons.0.phone': 'related_phone', 'related_persons.0.relation': 'related_relation' };
      showErrors(form, { ...err, fields: (err.fields || []).map((f) => ({ ...f, field: map[f.field] || f.field })) });
    }
  });
  return el('section', { class: 'panel', id: 'related-panel' },
    el('h2', { text: t('client.related') }),
    c.related_persons.length ? el('ul', { id: 'related-list' }, c.related_persons.map((r) => el('li', { text: `${r.name} — ${t(`relation.${r.relation}`)}${r.phone ? ` · ${r.phone}` : ''}` }))) : null,
    form);
}

function consentPanel(c, ctx) {
  const form = el('form', { id: 'consent-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('client', 'consent_purpose'),
      field('client', 'consent_given_on', { type: 'date' }),
      field('client', 'consent_channel')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'consent-save', text: t('consent.add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    try {
      await call('add_consent', { id: c.id, input: { purpose: d.consent_purpose, given_on: d.consent_given_on, channel: d.consent_channel } });
      toast(t('consent.saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, remapFields(err)); }
  });
  return el('section', { class: 'panel', id: 'consent-panel' },
    el('h2', { text: t('client.consent') }),
    c.consents.length ? el('ul', { id: 'consent-list' }, c.consents.map((k) => el('li', {},
      [k.purpose, fmtDate(k.given_on), k.channel].filter(Boolean).join(' · '),
      k.withdrawn_on
        ? el('span', { class: 'muted', text: ` · ${t('consent.withdrawn', { on: fmtDate(k.withdrawn_on) })}` })
        : el('button', { type: 'button', class: 'consent-withdraw', text: t('consent.withdraw'), onclick: async () => {
          if (!(await confirmAct(t('consent.withdraw_confirm'), t('consent.withdraw')))) return;
          try { await call('withdraw_consent', { id: c.id, consent: k.id }); ctx.rerender(); } catch (err) { toast(actionErrorText(err), 'error'); }
        } })))) : el('p', { class: 'empty', text: t('consent.none') }),
    form);
}
