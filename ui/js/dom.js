// Small DOM helpers shared by the views.
import { t } from './i18n.js';
import { fieldErrorText, errorText } from './api.js';
import { dateInput, valueOf, setDate, checkDate } from './dates.js';

export function el(tag, attrs = {}, ...children) {
  // Every date field is typed in the language's pattern (never the webview's own widget,
  // whose MM/DD/YYYY contradicts the message).
  if (tag === 'input' && attrs.type === 'date') {
    const { onchange, oninput, ...rest } = attrs;
    const d = dateInput(rest, attrs.value);
    if (onchange) d.addEventListener('change', onchange);
    if (oninput) d.addEventListener('input', oninput);
    return d;
  }
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat(Infinity)) {
    if (c === null || c === undefined || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return node;
}

let toastTimer;
export function toast(message, kind = 'ok') {
  const box = document.getElementById('toast');
  box.textContent = message;
  box.className = `toast ${kind === 'error' ? 'error' : ''}`;
  box.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { box.hidden = true; }, 4000);
}

// A labelled input with its error slot. `name` is the field name the Rust side reports.
export function field(form, name, { type = 'text', wide = false, options = null, hint = null, autocomplete = 'off' } = {}) {
  const id = `${form}-${name.replace(/_/g, '-')}`;
  let control;
  if (options) {
    control = el('select', { id, name }, options.map(([value, label]) => el('option', { value, text: label })));
  } else if (type === 'textarea') {
    control = el('textarea', { id, name, rows: 2 });
  } else {
    control = el('input', { id, name, type, autocomplete, spellcheck: type === 'text' ? 'false' : false });
  }
  control.setAttribute('aria-describedby', `err-${id}`);
  return el('div', { class: `field${wide ? ' wide' : ''}` },
    el('label', { for: id, 'data-i18n': `${form}.${name}`, text: t(`${form}.${name}`) }),
    control,
    hint ? el('span', { class: 'hint', 'data-i18n': hint, text: t(hint) }) : null,
    el('span', { class: 'error-text', id: `err-${id}`, role: 'alert' }));
}

export function readForm(form) {
  const data = {};
  for (const c of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (c.type === 'file') continue;
    data[c.name] = valueOf(c);
  }
  return data;
}

export function fillForm(form, data) {
  for (const c of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (c.type === 'file' || !(c.name in data)) continue;
    if (c.dataset.date !== undefined) setDate(c, data[c.name] ?? '');
    else c.value = data[c.name] ?? '';
  }
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  form.querySelectorAll('.error-text').forEach((s) => { s.textContent = ''; });
  const summary = form.querySelector('.form-error');
  if (summary) summary.textContent = '';
}

// Shows a coded error on the form: per-field messages next to each field, the first bad
// field focused; what the user typed stays where it is. A field error with no control on
// the form is said in the summary, so a refused save is never silent.
export function showErrors(form, err, { focus = true } = {}) {
  clearErrors(form);
  const summary = form.querySelector('.form-error');
  if (err.code === 'validation' && err.fields && err.fields.length) {
    let first = null;
    const loose = [];
    for (const f of err.fields) {
      const control = form.querySelector(`[name="${f.field}"]`);
      const slot = control && document.getElementById(control.getAttribute('aria-describedby'));
      if (!control || !slot) { loose.push(fieldErrorText(f.code)); continue; }
      control.setAttribute('aria-invalid', 'true');
      slot.textContent = fieldErrorText(f.code);
      first = first || control;
    }
    if (summary) summary.textContent = [t('form.fix_fields'), ...new Set(loose)].join(' ');
    if (first && focus && first.type !== 'hidden') first.focus();
  } else if (summary) {
    summary.textContent = errorText(err);
  }
}

// Errors while typing (live previews): only for fields the lawyer has left, and for every
// field once a save was tried. A form opens clean.
export function liveErrors(form) {
  const touched = new Set();
  let submitted = false;
  form.addEventListener('focusout', (ev) => { if (ev.target.name) touched.add(ev.target.name); });
  return {
    submitted() { submitted = true; },
    show(err) {
      const active = document.activeElement;
      const fields = submitted ? err.fields || [] : (err.fields || []).filter((f) => touched.has(f.field));
      if (err.code === 'validation' && !fields.length) { clearErrors(form); return; }
      showErrors(form, { ...err, fields }, { focus: false });
      if (!submitted && err.code === 'validation') {
        const summary = form.querySelector('.form-error');
        if (summary) summary.textContent = '';
      }
      if (active && active !== document.activeElement) active.focus();
      // A date left impossible keeps its message whatever the preview said.
      form.querySelectorAll('[data-date]').forEach((d) => { if (submitted || touched.has(d.name)) checkDate(d); });
    },
  };
}

// One sentence of consequence, then the act or Cancel (translated buttons, unlike the
// webview's own dialog). Resolves true when the lawyer confirms; Escape cancels.
export function confirmAct(text, actLabel = t('form.confirm')) {
  return new Promise((resolve) => {
    const back = document.activeElement;
    const done = (yes) => { overlay.remove(); if (back && back.focus) back.focus(); resolve(yes); };
    const ok = el('button', { type: 'button', class: 'primary', id: 'confirm-ok', text: actLabel, onclick: () => done(true) });
    const box = el('div', { class: 'dialog', role: 'alertdialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-text' },
      el('p', { id: 'confirm-text', text }),
      el('div', { class: 'actions' }, ok, el('button', { type: 'button', id: 'confirm-cancel', text: t('form.cancel'), onclick: () => done(false) })));
    const overlay = el('div', { class: 'overlay', id: 'confirm-dialog', onkeydown: (ev) => { if (ev.key === 'Escape') done(false); } }, box);
    document.body.append(overlay);
    ok.focus();
  });
}

// Reads a chosen file for the Rust side: {name, base64 data URL}.
export function readFile(file) {
  return new Promise((resolve, reject) => {
    const r = new FileReader();
    r.onload = () => resolve({ name: file.name, base64: r.result });
    r.onerror = () => reject(r.error);
    r.readAsDataURL(file);
  });
}

// Replaces a node's children, skipping absent parts (null, undefined, false) as `el` does:
// `replaceChildren(null)` would print "null" on the screen.
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}
