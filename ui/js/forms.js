// Form fields, made in one place: every control a screen offers (text, textarea, number,
// amounts with their currency, dates, selects of the closed lists, checkboxes, files, the
// client picker), its label and error slot, and how errors are shown. Screens and panels
// build no <input>, <select> or <textarea> of their own (tests/architecture.rs).
//
// Errors are the coded field errors Rust returns, translated and shown next to each field:
// after a save attempt, or (live previews) once the lawyer has left the field. A refused
// save only marks fields: what the lawyer typed stays where it is.
import { t, has } from './i18n.js';
import { call, fieldErrorText, errorText } from './api.js';
import { el, fill } from './dom.js';
import { choices } from './choices.js';
import { datePattern, dateText, parseDate } from './dates.js';

// ---- Controls -------------------------------------------------------------------------
// Attributes as `el` takes them (id, name, class, data-*, aria-*, on…). `name` is the
// field the Rust side reports; `aria-describedby` names the control's error slot.

// An <input>: text unless `type` says otherwise (search, password, tel, email, number).
// `type: 'date'` makes a date field (below), never the webview's own widget, whose
// MM/DD/YYYY contradicts the pattern the messages name.
export function textInput(attrs = {}) {
  if (attrs.type === 'date') {
    const { onchange, oninput, ...rest } = attrs;
    const d = dateInput(rest, attrs.value);
    if (onchange) d.addEventListener('change', onchange);
    if (oninput) d.addEventListener('input', oninput);
    return d;
  }
  return el('input', attrs);
}

export function checkbox(attrs = {}) {
  return el('input', { type: 'checkbox', ...attrs });
}

// A checkbox with its words beside it.
export function checkLabel(box, text) {
  return el('label', { class: 'check' }, box, el('span', { text }));
}

export function hiddenInput(attrs = {}) {
  return el('input', { type: 'hidden', ...attrs });
}

function textArea(attrs = {}) {
  return el('textarea', attrs);
}

// `options`: [value, label] pairs; `value` is the one selected.
export function selectInput(attrs, options = [], value = undefined) {
  return el('select', attrs, optionList(options, value));
}

// Replaces a select's options (a list that arrives later or depends on another field).
export function setOptions(select, options, value = undefined) {
  fill(select, optionList(options, value));
}

function optionList(options, value) {
  return options.map(([v, label]) => el('option', { value: v, text: label, selected: value !== undefined && v === value }));
}

// The options of one of Rust's closed lists (choices.js): each code with its label
// `<prefix>.<code>` from the catalog, or the code itself without a prefix.
export function choiceOptions(list, prefix = null) {
  return choices[list].map((c) => [c, prefix ? t(`${prefix}.${c}`) : c]);
}

// Currencies: the code (what banks and documents use) and, where the catalog has one, its
// name.
function currencyOptions() {
  return choices.currencies.map((c) => [c, has(`currency.${c}`) ? `${c} · ${t(`currency.${c}`)}` : c]);
}

// ---- Controls named after their field --------------------------------------------------
// The fee screens' controls (quote, engagement, invoice, payment; the letter forms too):
// id `q-<name>` with dots as dashes (`q-lines-0-rate`) unless `attrs.id` names it; the
// error slot is `err-<id>`, placed by `labelled` or `cell`.
const qid = (name) => `q-${String(name).replace(/\./g, '-')}`;

export function input(name, value = '', attrs = {}) {
  const id = attrs.id || qid(name);
  return textInput({ id, name, value, autocomplete: 'off', 'aria-describedby': `err-${id}`, ...attrs });
}

// An amount (or rate, percentage, quantity) as the lawyer types it: `1 234,56`, `1,234.56`;
// Rust's one parser reads it, so the window never turns it into a number.
export function amount(name, value = '', attrs = {}) {
  return input(name, value, { inputmode: 'decimal', ...attrs });
}

export function select(name, options, value, attrs = {}) {
  const id = attrs.id || qid(name);
  return selectInput({ id, name, 'aria-describedby': `err-${id}`, ...attrs }, options, value);
}

// The currency an amount is in: a select of the closed list.
export function currencySelect(name, value) {
  return select(name, currencyOptions(), value);
}

export function textarea(name, attrs = {}) {
  const id = attrs.id || qid(name);
  return textArea({ id, name, 'aria-describedby': `err-${id}`, ...attrs });
}

// A label (catalog key, with `params`), the control and its error slot.
export function labelled(key, control, wide = false, params = {}) {
  return el('div', { class: `field${wide ? ' wide' : ''}` },
    el('label', { for: control.id, text: t(key, params) }), control,
    errorSlot(control.getAttribute('aria-describedby') || `err-${control.id}`));
}

// A table cell: the control and its error slot.
export function cell(control) {
  return el('td', {}, control, errorSlot(control.getAttribute('aria-describedby')));
}

// An error about a whole list (the plan, the allocations): Rust names the list, which has
// no control of its own; a hidden one carries the name and its slot shows the message.
export function listErrors(name) {
  return [errorSlot(`err-${qid(name)}`), hiddenInput({ name, id: qid(name), 'aria-describedby': `err-${qid(name)}` })];
}

// ---- Fields: label, control, hint, error slot ------------------------------------------
// `form` and `name` make the id (`client-id-number`) and the label's catalog key
// (`client.id_number`); `type` is text, tel, email, number, password, date,
// datetime-local or textarea; `options` makes a select.
export function field(form, name, { type = 'text', wide = false, options = null, hint = null, autocomplete = 'off' } = {}) {
  const id = `${form}-${name.replace(/_/g, '-')}`;
  let control;
  if (options) {
    control = selectInput({ id, name }, options);
  } else if (type === 'textarea') {
    control = textArea({ id, name, rows: 2 });
  } else {
    control = textInput({ id, name, type, autocomplete, spellcheck: type === 'text' ? 'false' : false });
  }
  control.setAttribute('aria-describedby', `err-${id}`);
  return el('div', { class: `field${wide ? ' wide' : ''}` },
    el('label', { for: id, 'data-i18n': `${form}.${name}`, text: t(`${form}.${name}`) }),
    control,
    hint ? el('span', { class: 'hint', 'data-i18n': hint, text: t(hint) }) : null,
    errorSlot(`err-${id}`));
}

// Where one field's message goes.
export function errorSlot(id) {
  return el('span', { class: 'error-text', id, role: 'alert' });
}

// Where a form says what is wrong beyond its fields (and "fix the fields marked").
export function errorSummary(tag = 'div', attrs = {}) {
  return el(tag, { class: 'form-error', role: 'alert', ...attrs });
}

// ---- Dates ----------------------------------------------------------------------------
// A date is typed in the language's pattern (placeholder and messages name it: YYYY-MM-DD,
// or ДД.ММ.ГГГГ in Russian) and sent as ISO `YYYY-MM-DD`; default dates come from Rust's
// clock (`todayIso`), never the browser's.

// A date entry field: a text input in the language's pattern; leaving it with an impossible
// date shows the translated message at once, next to the field.
function dateInput(attrs = {}, iso = '') {
  const box = document.createElement('input');
  for (const [k, v] of Object.entries(attrs)) {
    if (v === false || v === null || v === undefined) continue;
    if (k === 'value') continue;
    box.setAttribute(k, v === true ? '' : v);
  }
  box.type = 'text';
  box.dataset.date = '';
  box.inputMode = 'numeric';
  box.autocomplete = 'off';
  box.placeholder = datePattern();
  box.classList.add('date');
  box.value = dateText(iso || attrs.value || '');
  box.addEventListener('blur', () => checkDate(box));
  return box;
}

// Shows or clears the field's date message; true when the field is empty or a real date.
function checkDate(box) {
  const s = box.value.trim();
  const iso = s ? parseDate(s) : '';
  const slot = document.getElementById(box.getAttribute('aria-describedby') || '');
  if (iso === null) {
    box.setAttribute('aria-invalid', 'true');
    if (slot) slot.textContent = t('field.date');
    return false;
  }
  if (iso) box.value = dateText(iso);
  if (box.getAttribute('aria-invalid') && slot && slot.textContent === t('field.date')) {
    box.removeAttribute('aria-invalid');
    slot.textContent = '';
  }
  return true;
}

// Sets a date field from ISO.
export function setDate(box, iso) {
  box.value = dateText(iso);
}

// The value to send for a control: ISO for date fields (or what was typed, so the Rust side
// answers with the field's coded error), the plain value otherwise.
export function valueOf(control) {
  if (!control || control.dataset.date === undefined) return control ? control.value : '';
  const s = control.value.trim();
  return s ? (parseDate(s) || s) : '';
}

// ---- Files ----------------------------------------------------------------------------
// A file chooser: the native control speaks the webview's language, not the lawyer's, so it
// is hidden behind a translated button (`labelKey`); `namesAttrs` makes the line that shows
// the chosen file names. Returns the parts for the screen to lay out.
export function fileChooser(attrs, labelKey, namesAttrs = null) {
  const box = fileInput({ ...attrs, class: 'visually-hidden' });
  const button = el('label', { for: attrs.id, class: 'button', 'data-i18n': labelKey, text: t(labelKey) });
  const names = namesAttrs ? el('span', { class: 'muted', ...namesAttrs }) : null;
  if (names) box.addEventListener('change', () => { names.textContent = [...box.files].map((f) => f.name).join(', '); });
  return { input: box, button, names };
}

export function fileInput(attrs = {}) {
  return el('input', { type: 'file', ...attrs });
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

// ---- The client picker ----------------------------------------------------------------
// Type to search (the same search as the Clients screen), pick from the results. Calls
// `onPick(client)` with {id, display_name}. The select is the `client_id` field.
export function clientPicker(id, onPick, initial = null) {
  const search = textInput({ id: `${id}-search`, type: 'search', autocomplete: 'off', placeholder: t('pick.client_placeholder') });
  const none = ['', t('pick.client_none')];
  const list = selectInput({ id: `${id}-select`, name: 'client_id', 'aria-describedby': `err-${id}-select` },
    initial ? [none, [initial.id, initial.display_name]] : [none], initial ? initial.id : undefined);
  let timer;
  let results = [];
  search.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = search.value.trim();
      if (!q) return;
      results = await call('search_clients', { query: q, limit: 20 });
      setOptions(list, [none, ...results.map((c) => [c.id, c.display_name])]);
      if (results.length) {
        list.value = String(results[0].id);
        onPick(results[0]);
      }
    }, 150);
  });
  list.addEventListener('change', () => {
    const c = results.find((r) => String(r.id) === list.value) || (initial && String(initial.id) === list.value ? initial : null);
    onPick(c);
  });
  return el('div', { class: 'field wide' },
    el('label', { for: `${id}-search`, text: t('pick.client') }),
    el('div', { class: 'picker' }, search, list), errorSlot(`err-${id}-select`));
}

// ---- Reading, filling, errors ---------------------------------------------------------

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

// A form that writes money or a letter: `write(send)` runs `send(requestKey)` with the
// form's request key and its submit buttons disabled meanwhile. The same entry sent twice
// (a double click, Enter pressed twice) is written once: Rust returns the first result for
// a key it has seen with the same request (issue 10 part 6). After a success the key is
// new, so the next entry is a new request; after an error nothing was kept under it.
export function oneWrite(form) {
  let key = newRequestKey();
  return async (send) => {
    const buttons = [...form.querySelectorAll('button[type="submit"]')].map((b) => [b, b.disabled]);
    buttons.forEach(([b]) => { b.disabled = true; });
    try {
      const result = await send(key);
      key = newRequestKey();
      return result;
    } finally {
      buttons.forEach(([b, was]) => { b.disabled = was; });
    }
  };
}

function newRequestKey() {
  const bytes = new Uint8Array(16);
  crypto.getRandomValues(bytes);
  return `window-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
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
