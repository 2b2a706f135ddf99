// Getting a kept letter out of the window (Print, Open, Save as…) and recording how it
// went and when it arrived (dispatch and delivery, kept in the client's communication log).
import { call, actionErrorText } from '../api.js';
import { t } from '../i18n.js';
import { el, toast } from '../dom.js';
import { field, readForm, showErrors, clearErrors, readFile, errorSummary, fileInput, choiceOptions, labelled, fillForm } from '../forms.js';


// Where messages about printing go: a line under the buttons, with Save as… offered when
// neither a printer nor a viewer could be reached.
function report(box, ...children) {
  if (box) box.replaceChildren(...children);
}

export async function saveAs(id, box) {
  try {
    const saved = await call('save_letter_as', { id, title: t('letter.save_as_title') });
    if (saved) {
      toast(t('letter.saved', { name: saved.file_name }));
      report(box, el('p', { class: 'muted', id: 'letter-out-status', text: t('letter.saved', { name: saved.file_name }) }));
    }
  } catch (err) { toast(actionErrorText(err), 'error'); }
}

function unavailable(err, id, box) {
  const missing = (err.fields || []).map((f) => el('li', { text: t(`field.${f.code}`) }));
  report(box, el('div', { class: 'form-error', id: 'letter-out-status', role: 'alert' },
    el('p', { text: t('error.print.unavailable') }),
    el('ul', {}, missing),
    el('p', { text: t('letter.save_instead') }),
    el('button', { type: 'button', id: 'letter-out-save', text: t('letter.save_as'), onclick: () => saveAs(id, box) })));
}

export async function printLetter(id, box) {
  try {
    const p = await call('print_letter', { id });
    const msg = p.via === 'lp'
      ? t('letter.sent_to_printer_job', { name: p.file_name, job: p.job || '' })
      : t('letter.opened_viewer');
    toast(msg);
    report(box, el('p', { class: 'muted', id: 'letter-out-status', text: msg }));
  } catch (err) {
    if (err.code === 'print.unavailable') unavailable(err, id, box);
    else toast(actionErrorText(err), 'error');
  }
}

export async function openLetter(id, box) {
  try {
    const o = await call('open_letter', { id });
    toast(t('letter.opened', { name: o.file_name }));
  } catch (err) {
    if (err.code === 'print.unavailable') unavailable(err, id, box);
    else toast(actionErrorText(err), 'error');
  }
}

// Print · Open · Save as… for one kept letter; `prefix` keeps the ids apart.
export function outButtons(id, box, prefix) {
  return [
    el('button', { type: 'button', id: `${prefix}-print`, text: t('letter.print'), onclick: () => printLetter(id, box) }),
    el('button', { type: 'button', id: `${prefix}-open`, text: t('letter.open'), onclick: () => openLetter(id, box) }),
    el('button', { type: 'button', id: `${prefix}-save`, text: t('letter.save_as'), onclick: () => saveAs(id, box) }),
  ];
}

// "EMS EA123456789CN · sent 2026-11-21 · delivered 2026-11-27", or "not recorded".
export function dispatchText(d) {
  if (!d) return t('letter.dispatch_none');
  const how = [t(`dispatch.via.${d.via}`), d.carrier, d.tracking].filter(Boolean).join(' ');
  const parts = [how, t('letter.dispatch_sent', { date: d.sent_on })];
  if (d.delivered_on) parts.push(t('letter.dispatch_delivered', { date: d.delivered_on }));
  if (d.receipt_sha256) parts.push(t('dispatch.receipt_kept'));
  return parts.join(' · ');
}

// The dispatch form for one letter, pre-filled from the record that holds (a new record
// is written each time: delivery added later, or a correction).
export function dispatchForm(letter, current, onSaved) {
  const form = el('form', { id: 'dispatch-form', class: 'dispatch-form', novalidate: true });
  const receipt = fileInput({ id: 'dispatch-receipt', name: 'receipt', accept: 'image/*,application/pdf', 'aria-describedby': 'err-dispatch-receipt' });
  form.append(
    errorSummary(),
    el('p', { class: 'muted', text: t('letter.dispatch_for', { number: letter.number }) }),
    el('div', { class: 'grid' },
      field('dispatch', 'via', { options: choiceOptions('dispatch_vias', 'dispatch.via') }),
      field('dispatch', 'carrier'),
      field('dispatch', 'tracking'),
      field('dispatch', 'sent_on', { type: 'date' }),
      field('dispatch', 'delivered_on', { type: 'date' }),
      labelled('dispatch.receipt', receipt),
      field('dispatch', 'note', { wide: true })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'dispatch-save', text: t('form.save') }),
      el('button', { type: 'button', id: 'dispatch-cancel', text: t('form.cancel'), onclick: () => form.remove() })));
  // The dates in the language's pattern, like a date typed.
  if (current) fillForm(form, Object.fromEntries(['via', 'carrier', 'tracking', 'sent_on', 'delivered_on'].filter((k) => current[k]).map((k) => [k, current[k]])));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = readForm(form);
    delete data.receipt;
    let scan = { receiptName: null, receipt: null };
    try {
      if (receipt.files && receipt.files[0]) {
        const r = await readFile(receipt.files[0]);
        scan = { receiptName: r.name, receipt: r.base64 };
      }
      const row = await call('record_letter_dispatch', { letterId: letter.id, dispatch: data, ...scan });
      clearErrors(form);
      toast(t('letter.dispatch_saved'));
      form.remove();
      onSaved(row);
    } catch (err) { showErrors(form, err); }
  });
  return form;
}

// "Send by e-mail": the letter's PDF through the firm's SMTP server, to the client's
// address unless another is typed; recorded as sent (via e-mail, with its Message-ID)
// only when the server accepted it.
export function emailForm(letter, onSent) {
  const form = el('form', { id: 'email-form', class: 'dispatch-form', novalidate: true });
  form.append(
    errorSummary(),
    el('p', { class: 'muted', text: t('mail.send_for', { number: letter.number }) }),
    el('div', { class: 'grid' }, field('email', 'to', { type: 'email', hint: 'mail.to_hint' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'email-send', text: t('mail.send') }),
      el('button', { type: 'button', id: 'email-cancel', text: t('form.cancel'), onclick: () => form.remove() })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const send = form.querySelector('#email-send');
    send.disabled = true;
    try {
      const to = readForm(form).to || null;
      const r = await call('email_letter', { letterId: letter.id, to });
      clearErrors(form);
      toast(t('mail.sent', { to: r.to }));
      form.remove();
      onSent(r.dispatch);
    } catch (err) {
      showErrors(form, err);
      send.disabled = false;
    }
  });
  return form;
}
