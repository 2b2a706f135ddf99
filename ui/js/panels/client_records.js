// The client's communication log (with verification), follow-ups, complaints and
// satisfaction — panels of the client page; a follow-up's Done (also on the Dashboard).
import { call, errorText, actionErrorText } from '../api.js';
import { t, systemText } from '../i18n.js';
import { el, toast, fill } from '../dom.js';
import { field, readForm, showErrors, clearErrors, readFile, errorSummary, fileChooser, hiddenInput, textInput, choiceOptions } from '../forms.js';
import { fmtDate, fmtDateTime, todayIso } from '../dates.js';
import { attachmentButton } from './attachments.js';


export async function logPanel(c, ctx) {
  const entries = await call('list_communications', { client: c.id });
  const verdict = el('div', { id: 'log-verify-result', 'aria-live': 'polite' });
  const files = fileChooser({ id: 'log-files', name: 'files', multiple: true }, 'log.attach', { id: 'log-file-names' });
  const form = el('form', { id: 'log-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('log', 'kind', { options: choiceOptions('log_kinds', 'log.kind') }),
      field('log', 'direction', { options: choiceOptions('log_directions', 'log.direction') }),
      field('log', 'occurred_at', { type: 'datetime-local' }),
      field('log', 'summary', { type: 'textarea', wide: true })),
    el('div', { class: 'actions' },
      files.input, files.button, files.names),
    hiddenInput({ name: 'corrects', id: 'log-corrects' }),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'log-save', text: t('log.save') }),
      el('span', { class: 'muted', id: 'log-correcting' })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    try {
      const uploads = await Promise.all([...files.input.files].map(readFile));
      await call('log_communication', {
        input: { client_id: c.id, kind: d.kind, direction: d.direction, occurred_at: d.occurred_at, summary: d.summary, corrects: d.corrects ? Number(d.corrects) : null },
        files: uploads,
      });
      clearErrors(form);
      toast(t('log.saved'));
      ctx.rerender();
    } catch (err) {
      showErrors(form, err);
    }
  });
  const correct = (e) => {
    form.querySelector('[name=corrects]').value = e.id;
    form.querySelector('#log-correcting').textContent = t('log.correcting', { id: e.id });
    form.querySelector('[name=summary]').focus();
  };
  return el('section', { class: 'panel', id: 'log-panel' },
    el('h2', { text: t('log.title') }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'log-verify', text: t('log.verify'), onclick: async () => {
        try {
          const v = await call('verify_log', { client: c.id });
          fill(verdict, el('p', { class: v.ok ? 'ok-text' : 'form-error', text: v.ok ? t('log.verified', { n: v.entries }) : t('log.tampered', { ids: v.broken.join(', '), files: v.bad_attachments.join(', ') }) }));
        } catch (err) { fill(verdict, el('p', { class: 'form-error', text: errorText(err) })); }
      } })),
    verdict,
    entries.length ? el('table', { id: 'log-table' },
      el('thead', {}, el('tr', {}, ['log.occurred_at', 'log.kind', 'log.summary', 'log.files', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
      el('tbody', {}, entries.slice().reverse().map((e) => el('tr', { class: e.corrected_by.length ? 'corrected' : '' },
        el('td', { class: 'nowrap', text: /T/.test(e.occurred_at) ? fmtDateTime(e.occurred_at) : fmtDate(e.occurred_at) }),
        el('td', { text: `${t(`log.kind.${e.kind}`)} · ${t(`log.direction.${e.direction}`)}` }),
        el('td', {}, e.corrects ? el('span', { class: 'muted', text: `${t('log.corrects', { id: e.corrects })} ` }) : null, e.summary,
          e.corrected_by.length ? el('span', { class: 'muted', text: ` (${t('log.corrected_by', { ids: e.corrected_by.join(', ') })})` }) : null),
        el('td', { class: 'attachments' }, e.attachments.map((a) => attachmentButton(a.file_name, a.sha256))),
        el('td', {}, el('button', { type: 'button', text: t('log.correct'), onclick: () => correct(e) }))))))
      : el('p', { class: 'empty', text: t('log.none') }),
    el('h2', { text: t('log.add') }),
    form);
}

export async function followUpsPanel(c, ctx) {
  const list = await call('client_follow_ups', { client: c.id });
  const form = el('form', { id: 'followup-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' }, field('followup', 'title'), field('followup', 'due_on', { type: 'date' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'followup-save', text: t('followup.add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    try {
      await call('add_follow_up', { input: { client_id: c.id, title: d.title, due_on: d.due_on } });
      toast(t('followup.saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  const today = todayIso();
  return el('section', { class: 'panel', id: 'followup-panel' },
    el('h2', { text: t('followups.title') }),
    list.length ? el('table', { id: 'followup-table' },
      el('tbody', {}, list.map((f) => el('tr', {},
        el('td', { class: `nowrap${!f.done_at && f.due_on < today ? ' overdue' : ''}`, text: fmtDate(f.due_on) }),
        el('td', { text: systemText(f.title) }),
        el('td', { text: t(`followup.reason.${f.reason}`) }),
        el('td', {}, f.done_at
          ? el('span', { class: 'ok-text', text: t('followup.done_on', { on: fmtDate(f.done_at.slice(0, 10)) }) })
          : completeControls(f, ctx))))))
      : el('p', { class: 'empty', text: t('followup.none') }),
    form);
}

export function completeControls(f, ctx) {
  const note = textInput({ type: 'text', class: 'followup-note', 'aria-label': t('followup.note'), placeholder: t('followup.note') });
  return el('span', { class: 'actions inline' }, note,
    el('button', { type: 'button', class: 'followup-done', 'data-id': f.id, text: t('followup.complete'), onclick: async () => {
      try {
        await call('complete_follow_up', { id: f.id, input: { kind: 'call', summary: note.value } });
        toast(t('followup.completed'));
        ctx.rerender();
      } catch (err) { toast(actionErrorText(err), 'error'); }
    } }));
}

const STEP_FIELDS = {
  2: [['founded', { options: [['true', 'complaint.founded_yes'], ['false', 'complaint.founded_no']] }], ['decision_note', {}], ['client_told_on', { type: 'date' }]],
  3: [['cause', {}], ['owner', {}]],
  4: [['proposal', { type: 'textarea', wide: true }]],
  5: [['client_agreed_on', { type: 'date' }], ['carried_out_on', { type: 'date' }]],
  6: [['evaluation', { type: 'textarea' }], ['prevention', { type: 'textarea' }]],
};

function stepForm(k, ctx) {
  const fields = STEP_FIELDS[k.step] || [];
  const form = el('form', { class: 'complaint-step', novalidate: true, 'data-id': k.id },
    errorSummary(),
    el('div', { class: 'grid' }, fields.map(([name, o]) => {
      const opts = o.options ? { ...o, options: o.options.map(([v, key]) => [v, t(key)]) } : o;
      return field(`complaint${k.id}`, name, opts);
    })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', text: t('complaint.next_step') })));
  form.querySelectorAll('label').forEach((l) => { l.textContent = t(`complaint.${l.getAttribute('for').split('-').slice(1).join('_')}`); });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    const input = { ...d };
    if ('founded' in input) input.founded = input.founded === 'true';
    try {
      await call('advance_complaint', { id: k.id, input });
      toast(t('complaint.advanced'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  return form;
}

export async function complaintsPanel(c, ctx) {
  const [complaints, scores] = await call('client_complaints', { client: c.id });
  const form = el('form', { id: 'complaint-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('complaint', 'complainant'), field('complaint', 'against'), field('complaint', 'received_on', { type: 'date' }),
      field('complaint', 'request', { wide: true }),
      field('complaint', 'statement', { type: 'textarea', wide: true, hint: 'complaint.statement_hint' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'complaint-save', text: t('complaint.record') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await call('record_complaint', { input: { client_id: c.id, ...readForm(form) } });
      toast(t('complaint.saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  const scoreForm = el('form', { id: 'score-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('score', 'matter', { options: [['', t('score.whole_client')], ...c.matters.map((m) => [String(m.id), m.title])] }),
      field('score', 'score', { options: [5, 4, 3, 2, 1].map((n) => [String(n), '★'.repeat(n)]) }),
      field('score', 'comment')),
    el('div', { class: 'actions' }, el('button', { type: 'submit', id: 'score-save', text: t('score.save') })));
  scoreForm.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(scoreForm);
    try {
      await call('add_satisfaction', { client: c.id, matter: d.matter ? Number(d.matter) : null, score: Number(d.score), comment: d.comment });
      toast(t('score.saved'));
      ctx.rerender();
    } catch (err) { showErrors(scoreForm, err); }
  });
  return el('section', { class: 'panel', id: 'complaint-panel' },
    el('h2', { text: t('complaint.title') }),
    complaints.length ? el('div', {}, complaints.map((k) => el('div', { class: 'card complaint' },
      el('strong', { text: `${fmtDate(k.received_on)} · ${k.complainant}${k.against ? ` → ${k.against}` : ''}` }),
      el('p', { class: 'muted', text: k.step >= 7 ? t('complaint.closed_on', { on: fmtDate(k.closed_on) }) : t('complaint.step', { n: k.step, name: t(`complaint.step${k.step}`) }) }),
      el('p', { text: k.statement }),
      k.step < 7 ? stepForm(k, ctx) : null))) : el('p', { class: 'empty', text: t('complaint.none') }),
    el('h2', { text: t('complaint.new') }),
    form,
    el('h2', { text: t('score.title') }),
    scores.length ? el('ul', { id: 'score-list' }, scores.map((s) => {
      const m = c.matters.find((x) => x.id === s.matter_id);
      return el('li', { text: `${fmtDate(s.recorded_on)} · ${m ? m.title : t('score.whole_client')}: ${'★'.repeat(s.score)}${s.comment ? ` (${s.comment})` : ''}` });
    })) : null,
    scoreForm);
}
