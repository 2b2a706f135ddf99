// Letters: write one (quote, payment confirmation, reminder, second reminder, demand),
// preview it page by page, keep it as a PDF, print, open or save it; batch letters for
// every client due at a dunning stage with a progress bar, Cancel and one combined PDF for
// the printer; edit the texts per kind and language; the letters already written, with
// how each went out and when it arrived.
import { call, errorText, actionErrorText } from '../api.js';
import { t, LANGUAGES, LANGUAGE_NAMES } from '../i18n.js';
import { el, toast, confirmAct } from '../dom.js';
import { showErrors, clearErrors, valueOf, oneWrite, clientPicker, input, select, labelled, choiceOptions, errorSummary, checkbox, checkLabel, textarea } from '../forms.js';
import { fmtDate } from '../dates.js';
import { outButtons, dispatchText, dispatchForm, emailForm } from '../panels/letter_out.js';
import { choices } from '../choices.js';


function svgPages(pages) {
  return pages.map((markup) => {
    const doc = new DOMParser().parseFromString(markup, 'image/svg+xml');
    return el('div', { class: 'letter-sheet' }, document.importNode(doc.documentElement, true));
  });
}

export async function render(main, ctx, kindParam, idParam) {
  main.replaceChildren(
    el('h1', { text: t('nav.letters') }),
    await writePanel(ctx, choices.letter_kinds.includes(kindParam) ? kindParam : 'reminder', idParam),
    batchPanel(ctx),
    await templatePanel(),
    await listPanel());
}

async function writePanel(ctx, kind0, id0) {
  const form = el('form', { id: 'letter-form', novalidate: true });
  const kind = select('kind', choiceOptions('letter_kinds', 'letter.kind'), kind0, { id: 'letter-kind' });
  const lang = select('lang', [['', t('letter.lang_auto')], ...LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]])], '', { id: 'letter-lang' });
  const paper = select('paper', [['a4', 'A4'], ['letter', 'US Letter']], 'a4', { id: 'letter-paper' });
  const asOf = input('as_of', '', { type: 'date', id: 'letter-as-of' });
  const subject = el('div', { id: 'letter-subject' });
  const preview = el('div', { id: 'letter-preview', class: 'letter-preview', 'aria-live': 'polite' });
  const result = el('div', { id: 'letter-result' });
  let subjectId = id0 ? Number(id0) : null;
  // What the window shows and keeps must be one letter: any change to the request clears
  // the preview and the last kept letter's buttons (a new preview or Keep shows the new one).
  function stale() { preview.replaceChildren(); result.replaceChildren(); }
  let initialClient = null;
  if (id0 && choices.letter_stages.includes(kind0)) {
    const c = await call('get_client', { id: Number(id0) });
    initialClient = { id: c.id, display_name: c.name };
  }
  async function drawSubject() {
    subject.replaceChildren();
    const k = kind.value;
    if (k === 'quote') {
      const quotes = await call('list_quotes', {});
      const s = select('id', quotes.map((q) => [String(q.id), `${q.number} · ${q.client_name} · ${q.title}`]), subjectId ? String(subjectId) : '', { id: 'letter-id' });
      subjectId = s.value ? Number(s.value) : null;
      s.addEventListener('change', () => { subjectId = Number(s.value); stale(); });
      subject.append(labelled('letter.quote', s));
    } else if (k === 'confirmation') {
      const pays = (await call('list_payments', {})).filter((p) => !p.reversed);
      const s = select('id', pays.map((p) => [String(p.id), `${fmtDate(p.received_on)} · ${p.client_name} · ${p.amount} ${p.currency}`]), subjectId ? String(subjectId) : '', { id: 'letter-id' });
      subjectId = s.value ? Number(s.value) : null;
      s.addEventListener('change', () => { subjectId = Number(s.value); stale(); });
      subject.append(labelled('letter.payment', s));
    } else {
      subject.append(clientPicker('letter-client', (c) => { subjectId = c ? c.id : null; stale(); }, initialClient));
      subjectId = initialClient ? initialClient.id : null;
    }
  }
  kind.addEventListener('change', () => { subjectId = null; initialClient = null; stale(); drawSubject(); });
  for (const c of [lang, paper, asOf]) c.addEventListener('change', stale);
  await drawSubject();
  // A demand missing legal details (the debtor's INN, the contract's number…) is listed
  // before writing; it is written only when the lawyer chooses blanks for them.
  const allowMissing = checkbox({ id: 'letter-allow-missing' });
  const request = () => ({ kind: kind.value, id: subjectId || 0, lang: lang.value || null, paper: paper.value, as_of: valueOf(asOf) || null, allow_missing: allowMissing.checked });
  const missingDetails = (list) => (list && list.length
    ? [el('div', { class: 'form-error', id: 'letter-missing-details' },
      el('p', { text: t('field.letter_details_missing') }),
      el('ul', {}, list.map((d) => el('li', { text: t(`letter_detail.${d}`) }))),
      checkLabel(allowMissing, t('letter.allow_missing')))]
    : []);
  // `keep`: the letter just kept stays the print target; a plain preview clears it.
  async function doPreview(keep = false) {
    if (!keep) result.replaceChildren();
    try {
      const p = await call('preview_letter', { request: request() });
      clearErrors(form);
      const warning = p.missing_glyphs.length ? [el('p', { class: 'form-error', id: 'letter-missing', text: t('letter.missing_glyphs', { chars: p.missing_glyphs.join(' ') }) })] : [];
      preview.replaceChildren(...warning, ...missingDetails(p.missing_details), ...svgPages(p.pages));
    } catch (err) { preview.replaceChildren(); showErrors(form, { ...err, fields: (err.fields || []).map((f) => ({ ...f, field: f.field === 'id' ? 'client_id' : f.field })) }); }
  }
  form.append(
    errorSummary(),
    el('div', { class: 'grid' }, labelled('letter.kind', kind), subject, labelled('letter.lang', lang), labelled('letter.paper', paper), labelled('letter.as_of', asOf)),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'letter-preview-button', text: t('letter.preview'), onclick: () => doPreview() }),
      el('button', { type: 'submit', class: 'primary', id: 'letter-generate', text: t('letter.generate') })),
    result);
  const write = oneWrite(form);
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    if (!(await confirmAct(t('letter.generate_confirm'), t('letter.generate')))) return;
    try {
      const sent = request();
      const g = await write((requestKey) => call('generate_letter', { request: sent, requestKey }));
      clearErrors(form);
      toast(t('letter.generated', { number: g.number }));
      const status = el('div', { id: 'letter-out' });
      result.replaceChildren(el('p', { id: 'letter-generated', 'data-letter-id': String(g.id) },
        el('strong', { text: g.number }), ` · ${t('letter.pages', { n: g.pages })} · SHA-256 ${g.sha256.slice(0, 16)}… `,
        ...outButtons(g.id, status, 'letter')), status);
      await doPreview(true);
    } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel' }, el('h2', { text: t('letter.write') }), form, preview);
}

// Print all (the batch's one combined PDF, one print job) and Save all… (each letter under
// its readable name, and the combined PDF, into a folder).
function batchOut(written, combined) {
  if (!combined) return el('span');
  const box = el('div', { id: 'batch-out-status' });
  const printAll = async () => {
    try {
      const p = await call('print_letter_batch');
      toast(p.via === 'lp' ? t('letter.sent_to_printer_job', { name: p.file_name, job: p.job || '' }) : t('letter.opened_viewer'));
    } catch (err) {
      box.replaceChildren(el('p', { class: 'form-error', role: 'alert', text: `${errorText(err)} ${t('letter.save_instead')}` }));
    }
  };
  const saveAll = async () => {
    try {
      const n = await call('save_letter_batch', { ids: written.map((g) => g.id), title: t('letter.batch_save_title') });
      if (n !== null) toast(t('letter.batch_saved', { n }));
    } catch (err) { toast(actionErrorText(err), 'error'); }
  };
  return el('div', {},
    el('p', { class: 'muted', id: 'batch-combined', text: combined }),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'batch-print', text: t('letter.batch_print'), onclick: printAll }),
      el('button', { type: 'button', id: 'batch-save', text: t('letter.batch_save'), onclick: saveAll })),
    box);
}

// Clients a batch did not write to because their letter lacks required legal details:
// each with what is missing and a link to write it (they stay due).
function skippedList(stage, skipped) {
  if (!skipped.length) return null;
  return el('div', { class: 'form-error', id: 'batch-skipped' },
    el('p', { text: t('letter.batch_skipped_intro') }),
    el('ul', {}, skipped.map((s) => el('li', { 'data-client-id': String(s.client_id) },
      el('a', { href: `#letters/${stage}/${s.client_id}`, text: s.client_name }), ': ',
      s.missing.map((d) => t(`letter_detail.${d}`)).join('; ')))));
}

function batchPanel() {
  const stage = select('stage', choiceOptions('letter_stages', 'letter.kind'), 'reminder', { id: 'batch-stage' });
  const asOf = input(null, '', { type: 'date', id: 'batch-as-of' });
  const bar = el('progress', { id: 'batch-progress', max: 1, value: 0, hidden: true });
  const status = el('p', { id: 'batch-status', class: 'muted', 'aria-live': 'polite' });
  const results = el('div', { id: 'batch-results' });
  const start = el('button', { type: 'button', class: 'primary', id: 'batch-start', text: t('letter.batch_start') });
  const cancel = el('button', { type: 'button', id: 'batch-cancel', text: t('form.cancel'), hidden: true, onclick: () => call('cancel_letter_batch') });
  const due = async () => {
    try {
      const n = await call('letter_batch_due', { stage: stage.value, asOf: valueOf(asOf) || null });
      status.textContent = t('letter.batch_due', { n });
    } catch (err) { status.textContent = errorText(err); }
  };
  stage.addEventListener('change', due);
  asOf.addEventListener('change', due);
  start.addEventListener('click', async () => {
    if (!(await confirmAct(t('letter.batch_confirm'), t('letter.batch_start')))) return;
    start.disabled = true; cancel.hidden = false; bar.hidden = false; results.replaceChildren();
    const timer = setInterval(async () => {
      const [done, total] = await call('letter_batch_progress');
      bar.max = Math.max(total, 1); bar.value = done;
      status.textContent = t('letter.batch_running', { done, total });
    }, 150);
    try {
      const out = await call('run_letter_batch', { stage: stage.value, asOf: valueOf(asOf) || null });
      const written = out.letters;
      const skipped = out.skipped || [];
      status.textContent = [t('letter.batch_done', { n: written.length }), skipped.length ? t('letter.batch_skipped', { n: skipped.length }) : ''].join(' ').trim();
      // Stopped after some letters: where, why, and that the rest are still due.
      const stopped = out.stopped
        ? el('p', { class: 'form-error', id: 'batch-stopped' },
          `${t('letter.batch_stopped', { client: out.stopped.client_name })} ${actionErrorText(out.stopped.error)}`)
        : null;
      results.replaceChildren(stopped, batchOut(written, out.combined),
        el('ul', {}, written.map((g) => el('li', {}, `${g.number} · `, el('a', { href: `#client/${g.client_id}`, text: String(g.client_id) })))),
        skippedList(stage.value, skipped));
    } catch (err) { status.textContent = errorText(err); }
    clearInterval(timer);
    bar.hidden = true; // the last poll may predate the end; the status line says what was done
    start.disabled = false; cancel.hidden = true;
  });
  due();
  return el('section', { class: 'panel', id: 'batch-panel' }, el('h2', { text: t('letter.batch') }),
    el('div', { class: 'grid' }, labelled('letter.stage', stage), labelled('letter.as_of', asOf)),
    el('div', { class: 'actions' }, start, cancel, bar), status, results);
}

async function templatePanel() {
  const kind = select('kind', choiceOptions('letter_kinds', 'letter.kind'), 'reminder', { id: 'template-kind' });
  const lang = select('lang', LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]]), 'en', { id: 'template-lang' });
  const body = textarea('body', { id: 'template-body', rows: 14, spellcheck: 'false' });
  const names = el('p', { id: 'template-placeholders', class: 'muted' });
  const state = el('span', { id: 'template-state', class: 'muted' });
  const form = el('form', { id: 'template-form', novalidate: true });
  async function load() {
    const tv = await call('letter_template', { kind: kind.value, lang: lang.value });
    body.value = tv.body;
    names.textContent = `${t('letter.placeholders')} ${tv.placeholders.map((p) => `{{ ${p} }}`).join('  ')}`;
    state.textContent = tv.is_default ? t('letter.template_default') : t('letter.template_own');
    clearErrors(form);
  }
  kind.addEventListener('change', load);
  lang.addEventListener('change', load);
  form.append(errorSummary(),
    el('div', { class: 'grid' }, labelled('letter.kind', kind), labelled('letter.lang', lang)),
    labelled('letter.template_text', body, true),
    names,
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'template-save', text: t('form.save') }),
      el('button', { type: 'button', id: 'template-reset', text: t('letter.template_reset'), onclick: async () => {
        await call('save_letter_template', { kind: kind.value, lang: lang.value, body: null });
        await load();
        toast(t('letter.template_saved'));
      } }), state));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await call('save_letter_template', { kind: kind.value, lang: lang.value, body: body.value });
      await load();
      toast(t('letter.template_saved'));
    } catch (err) { showErrors(form, err); }
  });
  await load();
  return el('section', { class: 'panel', id: 'template-panel' }, el('h2', { text: t('letter.templates') }), form);
}

async function listPanel() {
  const [list, dispatches] = await Promise.all([call('list_letters', {}), call('letter_dispatches', {})]);
  const status = el('div', { id: 'letter-list-out' });
  const slot = el('div', { id: 'dispatch-slot' });
  const row = (l) => {
    const how = el('td', { class: 'dispatch', id: `dispatch-${l.id}`, text: dispatchText(dispatches[l.id]) });
    const record = () => {
      slot.replaceChildren(dispatchForm(l, dispatches[l.id], (d) => {
        dispatches[l.id] = d;
        how.textContent = dispatchText(d);
      }));
      slot.scrollIntoView({ block: 'nearest' });
    };
    const email = () => {
      slot.replaceChildren(emailForm(l, (d) => {
        dispatches[l.id] = d;
        how.textContent = dispatchText(d);
      }));
      slot.scrollIntoView({ block: 'nearest' });
    };
    return el('tr', { 'data-letter-id': String(l.id) },
      el('td', { class: 'nowrap' }, el('a', { href: `#letter/${l.id}`, text: l.number })), el('td', { text: t(`letter.kind.${l.kind}`) }),
      el('td', {}, el('a', { href: `#client/${l.client_id}`, text: l.client_name })),
      el('td', { class: 'nowrap', text: fmtDate(l.issued_on) }), el('td', { class: 'num', text: String(l.pages) }), how,
      el('td', { class: 'row-actions' }, ...outButtons(l.id, status, `letter-${l.id}`),
        el('button', { type: 'button', id: `letter-${l.id}-email`, text: t('mail.send_button'), onclick: email }),
        el('button', { type: 'button', id: `letter-${l.id}-dispatch`, text: t('letter.dispatch_record'), onclick: record })));
  };
  return el('section', { class: 'panel' }, el('h2', { text: t('letter.sent') }), status, slot,
    list.length ? el('table', { id: 'letter-list' },
      el('thead', {}, el('tr', {}, ['letter.number', 'letter.kind', 'fees.client', 'letter.date', 'letter.pages_h', 'letter.dispatch', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
      el('tbody', {}, list.map(row)))
      : el('p', { class: 'empty', text: t('letter.none') }));
}
