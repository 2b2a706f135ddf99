// The client form: a new client (with a first related person and consent) on the Clients
// screen, the same form editing a client on the client's page.
import { call } from '../api.js';
import { t, language } from '../i18n.js';
import { el, toast, fill } from '../dom.js';
import { field, readForm, showErrors, clearErrors, errorSummary, fillForm } from '../forms.js';
import { conflictList } from './conflicts.js';

const LANGS = [['en', 'English'], ['zh-CN', '简体中文'], ['zh-TW', '繁體中文'], ['ru', 'Русский']];
// Seed 003's details: kept in the client's profile.
const PERSON_FIELDS = ['gender', 'birth_date', 'family_situation', 'income', 'employer', 'position', 'interests', 'potential_needs', 'salutation', 'sole_trader', 'inn', 'ogrn'];
const ORG_FIELDS = ['legal_representative', 'contact_person', 'org_size', 'registered_capital', 'annual_turnover', 'customer_base', 'partners', 'potential_needs', 'inn', 'ogrn', 'kpp', 'uscc', 'company_number'];

function profileField(name) {
  const f = field('profile', name, name === 'birth_date' ? { type: 'date' } : {});
  f.querySelector('[name]').name = `profile.${name}`;
  return f;
}

// The client form: new (with a first related person and consent) or editing `existing`.
export function clientForm(existing = null, onSaved = null) {
  const kinds = [['person', t('client.kind.person')], ['organization', t('client.kind.organization')]];
  const grades = ['A', 'B', 'C', 'D'].map((g) => [g, `${g} — ${t(`client.grade.${g}`)}`]);
  const conflicts = el('div', { id: 'client-conflicts', 'aria-live': 'polite' });
  const form = el('form', { id: 'client-form', novalidate: true },
    el('h2', { text: existing ? t('clients.edit') : t('clients.new') }),
    errorSummary(),
    el('div', { class: 'grid' },
      field('client', 'kind', { options: kinds }),
      field('client', 'name'),
      field('client', 'id_number'),
      field('client', 'phone', { type: 'tel' }),
      field('client', 'email', { type: 'email' }),
      field('client', 'language', { options: LANGS }),
      field('client', 'address', { wide: true }),
      field('client', 'grade', { options: grades }),
      field('client', 'grade_reason'),
      field('client', 'practice_area'),
      field('client', 'source'),
      field('client', 'industry'),
      field('client', 'tags', { hint: 'client.tags_hint' }),
      field('client', 'notes', { type: 'textarea', wide: true })),
    existing ? null : conflicts,
    el('details', { id: 'client-details' },
      el('summary', { text: t('client.details') }),
      el('div', { class: 'grid person-only' }, PERSON_FIELDS.map((f) => profileField(f))),
      el('div', { class: 'grid org-only' }, ORG_FIELDS.map((f) => profileField(f)))),
    existing ? null : el('h2', { text: t('client.related') }),
    existing ? null : el('div', { class: 'grid' },
      field('client', 'related_relation', { options: ['contact_person', 'legal_representative', 'family', 'other'].map((r) => [r, t(`relation.${r}`)]) }),
      field('client', 'related_name'),
      field('client', 'related_phone', { type: 'tel' })),
    existing ? null : el('h2', { text: t('client.consent') }),
    existing ? null : el('div', { class: 'grid' },
      field('client', 'consent_purpose'),
      field('client', 'consent_given_on', { type: 'date' }),
      field('client', 'consent_channel')),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'client-save', text: t('form.save') })),
    existing ? conflicts : null);
  // The conflict check runs when the name (or ID number) is left, before anything is saved.
  let checked = '';
  const precheck = async () => {
    if (existing) return;
    const name = form.querySelector('[name=name]').value.trim();
    const idNumber = form.querySelector('[name=id_number]').value.trim();
    const key = `${name}\u0000${idNumber}`;
    if ((!name && !idNumber) || key === checked) return;
    checked = key;
    try {
      const hits = await call('check_conflicts', { name, idNumber });
      fill(conflicts, hits.length ? conflictList(hits, t('conflicts.before_save', { n: hits.length })) : el('p', { class: 'ok-text', id: 'conflict-clear', text: t('conflicts.clear') }));
    } catch (err) { fill(conflicts); }
  };
  form.querySelector('[name=name]').addEventListener('change', precheck);
  form.querySelector('[name=id_number]').addEventListener('change', precheck);
  form.querySelector('[name=language]').value = language();
  form.querySelector('[name=grade]').value = 'C';
  const kindSelect = form.querySelector('[name=kind]');
  const showKind = () => {
    const org = kindSelect.value === 'organization';
    form.querySelectorAll('.person-only').forEach((g) => { g.hidden = org; });
    form.querySelectorAll('.org-only').forEach((g) => { g.hidden = !org; });
  };
  kindSelect.addEventListener('change', showKind);
  if (existing) {
    // Both kinds' grids (INN, OGRN and potential needs are in each), dates in the
    // language's pattern.
    fillForm(form, Object.fromEntries(Object.entries(existing.profile || {}).map(([k, v]) => [`profile.${k}`, v])));
    const v = { ...existing, phone: existing.phones.join('; '), email: existing.emails.join('; '), address: existing.addresses.join(' / '), tags: existing.tags.join(', ') };
    for (const c of form.querySelectorAll('[name]')) if (c.name in v && typeof v[c.name] === 'string') c.value = v[c.name];
  }
  showKind();
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    const list = (x) => (x || '').split(/[;；,，]/).map((v) => v.trim()).filter(Boolean);
    const org = d.kind === 'organization';
    // From the grid of the kind shown: the other kind's grid has fields of the same name.
    const shown = readForm(form.querySelector(org ? '.org-only' : '.person-only'));
    const profile = {};
    for (const f of org ? ORG_FIELDS : PERSON_FIELDS) {
      if (shown[`profile.${f}`]) profile[f] = shown[`profile.${f}`];
    }
    const input = {
      kind: d.kind, name: d.name, id_number: d.id_number, phones: list(d.phone), emails: list(d.email),
      addresses: d.address.split(' / ').map((v) => v.trim()).filter(Boolean), language: d.language, grade: d.grade, grade_reason: d.grade_reason,
      practice_area: d.practice_area, source: d.source, industry: d.industry, notes: d.notes, profile,
      tags: d.tags.split(/[,，;；]/).map((s) => s.trim()).filter(Boolean),
      related_persons: !existing && d.related_name.trim() ? [{ relation: d.related_relation, name: d.related_name, phone: d.related_phone }] : [],
      consent: !existing && (d.consent_purpose.trim() || d.consent_given_on) ? { purpose: d.consent_purpose, given_on: d.consent_given_on, channel: d.consent_channel } : null,
    };
    try {
      const saved = existing ? await call('update_client', { id: existing.id, input }) : await call('add_client', { input });
      clearErrors(form);
      toast(t('clients.saved'));
      if (onSaved) onSaved();
      if (existing && !saved.conflicts.length) { window.dispatchEvent(new HashChangeEvent('hashchange')); return; }
      if (saved.conflicts.length) {
        fill(conflicts, conflictList(saved.conflicts, t('conflicts.found_on_add')),
          el('a', { href: `#client/${saved.id}`, id: 'client-open-new', text: t('clients.open') }));
      } else {
        location.hash = `client/${saved.id}`;
      }
    } catch (err) {
      showErrors(form, remapFields(err));
    }
  });
  return form;
}

// The Rust side names nested fields (related_persons.0.name, consent.given_on); the form
// has flat inputs for the first related person and the consent.
export function remapFields(err) {
  if (!err.fields) return err;
  const map = { 'related_persons.0.name': 'related_name', 'related_persons.0.phone': 'related_phone',
    'related_persons.0.relation': 'related_relation', 'consent.purpose': 'consent_purpose',
    'consent.given_on': 'consent_given_on', 'consent.channel': 'consent_channel',
    phone: 'phone', email: 'email', tags: 'tags' };
  return { ...err, fields: err.fields.map((f) => ({ ...f, field: map[f.field] || f.field })) };
}
