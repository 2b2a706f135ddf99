// Small DOM helpers shared by the views.
import { t } from './i18n.js';
import { fieldErrorText, errorText } from './api.js';

export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('on')) node.addEventListener(k.slice(2), v);
    else node.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children.flat()) {
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
    data[c.name] = c.value;
  }
  return data;
}

export function fillForm(form, data) {
  for (const c of form.querySelectorAll('input[name], select[name], textarea[name]')) {
    if (c.type === 'file' || !(c.name in data)) continue;
    c.value = data[c.name] ?? '';
  }
}

export function clearErrors(form) {
  form.querySelectorAll('[aria-invalid]').forEach((c) => c.removeAttribute('aria-invalid'));
  form.querySelectorAll('.error-text').forEach((s) => { s.textContent = ''; });
  const summary = form.querySelector('.form-error');
  if (summary) summary.textContent = '';
}

// Shows a coded error on the form: per-field messages next to each field, the first bad
// field focused; what the user typed stays where it is.
export function showErrors(form, err) {
  clearErrors(form);
  const summary = form.querySelector('.form-error');
  if (err.code === 'validation' && err.fields && err.fields.length) {
    let first = null;
    for (const f of err.fields) {
      const control = form.querySelector(`[name="${f.field}"]`);
      if (!control) continue;
      control.setAttribute('aria-invalid', 'true');
      const slot = document.getElementById(control.getAttribute('aria-describedby'));
      if (slot) slot.textContent = fieldErrorText(f.code);
      first = first || control;
    }
    if (summary) summary.textContent = t('form.fix_fields');
    if (first) first.focus();
  } else if (summary) {
    summary.textContent = errorText(err);
  }
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
