// Settings: UI language, firm profile (letterhead and defaults), bank accounts, backups and
// the recovery key, the audit trail's verification.
import { call, errorText, actionErrorText } from '../api.js';
import { t, language, setLanguage, LANGUAGES, LANGUAGE_NAMES, osLanguage } from '../i18n.js';
import { el, toast, confirmAct, fill } from '../dom.js';
import { field, readForm, fillForm, showErrors, clearErrors, readFile, errorSummary, errorSlot, selectInput, choiceOptions, fileChooser, hiddenInput, textInput, checkbox } from '../forms.js';
import { fmtDate, fmtDateTime } from '../dates.js';
import { backupPanel } from '../panels/backup.js';
import { choices } from '../choices.js';


export async function render(main, ctx) {
  const [profile, accounts, identities] = await Promise.all([
    call('get_firm_profile'),
    call('list_bank_accounts'),
    call('list_letter_identities'),
  ]);
  fill(main,
    el('h1', { 'data-i18n': 'settings.title', text: t('settings.title') }),
    languagePanel(ctx),
    firmPanel(profile, ctx),
    identityPanel(identities),
    bankPanel(accounts, ctx),
    await feesPanel(ctx),
    await qrPanel(ctx),
    await mailPanel(ctx),
    await retentionPanel(ctx),
    await backupPanel(ctx),
    await lockPanel(ctx),
    auditPanel(),
    aboutPanel(ctx),
  );
}

// E-mail: the firm's SMTP server. The password goes to the OS keychain only; the field is
// never filled back (blank keeps the kept one).
async function mailPanel(ctx) {
  const v = await call('get_mail_settings');
  const s = v.smtp || { security: 'starttls', port: 587 };
  const form = el('form', { id: 'mail-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('mail', 'host'),
      field('mail', 'security', { options: ['starttls', 'tls', 'none'].map((x) => [x, t(`mail.security_${x}`)]) }),
      field('mail', 'port', { type: 'number' }),
      field('mail', 'user', { autocomplete: 'username' }),
      field('mail', 'password', { type: 'password', autocomplete: 'new-password', hint: v.has_password ? 'mail.password_kept' : null }),
      field('mail', 'from_address', { type: 'email' }),
      field('mail', 'from_name'),
      field('mail', 'ca_certificate', { type: 'textarea', wide: true, hint: 'mail.ca_hint' })),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'mail-save', text: t('form.save') })));
  fillForm(form, { ...s, port: String(s.port || '') });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = readForm(form);
    const input = { ...data, port: data.port === '' || data.port == null ? null : (Number.isInteger(Number(data.port)) ? Number(data.port) : -1), templates: s.templates || [] };
    if (!data.password) delete input.password;
    try {
      await call('save_mail_settings', { input });
      clearErrors(form);
      toast(t('mail.saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', id: 'mail-panel', 'aria-labelledby': 'mail-h' },
    el('h2', { id: 'mail-h', text: t('mail.title') }),
    el('p', { class: 'hint', text: t('mail.hint') }),
    form);
}

// The app lock: a password asked on start and after the idle minutes; changing or removing
// it needs the current one. The password never comes back from Rust.
async function lockPanel(ctx) {
  const s = await call('lock_status');
  const form = el('form', { id: 'lock-settings', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      s.enabled ? field('app_lock', 'current_password', { type: 'password' }) : null,
      field('app_lock', 'new_password', { type: 'password', hint: 'app_lock.new_hint' }),
      field('app_lock', 'repeat_password', { type: 'password' }),
      field('app_lock', 'idle_minutes', { type: 'number' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'app-lock-save', text: t('form.save') }),
      s.enabled ? el('button', { type: 'button', id: 'app-lock-remove', text: t('app_lock.remove') }) : null,
      s.enabled ? el('button', { type: 'button', id: 'app-lock-now', text: t('app_lock.lock_now') }) : null));
  fillForm(form, { idle_minutes: String(s.idle_minutes) });
  const send = async (remove) => {
    const v = readForm(form);
    if (!remove && v.new_password !== v.repeat_password) {
      showErrors(form, { code: 'validation', fields: [{ field: 'repeat_password', code: 'password_mismatch' }] });
      return;
    }
    if (!remove && !v.new_password && !s.enabled) {
      showErrors(form, { code: 'validation', fields: [{ field: 'new_password', code: 'password_short' }] });
      return;
    }
    try {
      await call('set_app_lock', { input: {
        current_password: v.current_password || null,
        new_password: remove ? null : (v.new_password || null),
        remove,
        idle_minutes: Number(v.idle_minutes),
      } });
      toast(t(remove ? 'app_lock.removed' : 'app_lock.saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  };
  form.addEventListener('submit', (ev) => { ev.preventDefault(); send(false); });
  const remove = form.querySelector('#app-lock-remove');
  if (remove) remove.addEventListener('click', () => send(true));
  const now = form.querySelector('#app-lock-now');
  if (now) now.addEventListener('click', () => { call('lock_now').then(() => window.dispatchEvent(new Event('lawdesk:locked'))); });
  return el('section', { class: 'panel', id: 'app-lock-panel' },
    el('h2', { text: t('app_lock.title') }),
    el('p', { id: 'app-lock-state', class: 'muted', text: s.enabled ? t('app_lock.on', { n: s.idle_minutes }) : t('app_lock.off') }),
    form);
}

// The audit trail: who changed what, when, as a hash chain; verified on demand.
function auditPanel() {
  const result = el('p', { id: 'audit-result', role: 'status' });
  const button = el('button', { type: 'button', id: 'audit-verify', text: t('audit_trail.verify') });
  button.addEventListener('click', async () => {
    try {
      const v = await call('verify_audit_trail');
      result.className = v.ok ? '' : 'overdue';
      result.textContent = v.ok
        ? t('audit_trail.ok', { n: v.entries })
        : t('audit_trail.broken', { id: v.first_broken.id, n: v.entries });
    } catch (err) { toast(actionErrorText(err), 'error'); }
  });
  return el('section', { class: 'panel', id: 'audit-panel' },
    el('h2', { text: t('audit_trail.title') }),
    el('p', { class: 'muted', text: t('audit_trail.hint') }),
    el('div', { class: 'actions' }, button),
    result);
}

// About: where the data lives and which versions run (for support and backups).
function aboutPanel(ctx) {
  const s = ctx.status;
  return el('section', { class: 'panel', id: 'about' }, el('h2', { text: t('about.title') }),
    el('dl', { class: 'facts' },
      el('dt', { text: t('dashboard.data_dir') }), el('dd', { id: 'about-data-dir', text: s.data_dir }),
      el('dt', { text: t('dashboard.version') }), el('dd', { id: 'about-version', text: s.version }),
      el('dt', { text: t('dashboard.schema') }), el('dd', { id: 'about-schema', text: String(s.schema_version) })));
}

function languagePanel(ctx) {
  const select = selectInput({ id: 'ui-language', name: 'ui_language' },
    [['', t('settings.language_auto', { lang: LANGUAGE_NAMES[osLanguage()] })], ...LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]])]);
  select.value = ctx.status.ui_language || '';
  select.addEventListener('change', async () => {
    try {
      const chosen = await call('set_ui_language', { language: select.value });
      ctx.status.ui_language = chosen;
      setLanguage(chosen || osLanguage());
      ctx.rerender();
    } catch (err) {
      toast(actionErrorText(err), 'error');
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'lang-h' },
    el('h2', { id: 'lang-h', 'data-i18n': 'settings.language', text: t('settings.language') }),
    el('div', { class: 'field' },
      el('label', { for: 'ui-language', 'data-i18n': 'settings.ui_language', text: t('settings.ui_language') }),
      select));
}

function firmPanel(profile, ctx) {
  const currencies = choiceOptions('currencies');
  const langs = LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]]);
  const preview = el('img', { class: 'logo-preview', id: 'firm-logo-preview', alt: t('firm.logo'), hidden: true });
  let logoChange; // undefined: keep; '': remove; data URL: replace
  // The native file control speaks the webview's language, not the user's: hide it and
  // show a translated button that opens it.
  const logo = fileChooser({ id: 'firm-logo', name: 'logo', accept: 'image/png,image/jpeg', 'aria-describedby': 'err-firm-logo' }, 'firm.logo_choose', { id: 'firm-logo-name' });
  const removeButton = el('button', { type: 'button', id: 'firm-logo-remove', 'data-i18n': 'firm.logo_remove', text: t('firm.logo_remove') });
  const showLogo = (url) => {
    preview.hidden = !url;
    removeButton.hidden = !url;
    if (url) preview.src = url; else preview.removeAttribute('src');
  };
  logo.input.addEventListener('change', async () => {
    const file = logo.input.files[0];
    if (!file) return;
    logoChange = (await readFile(file)).base64;
    showLogo(logoChange);
  });
  removeButton.addEventListener('click', () => { logoChange = ''; logo.input.value = ''; logo.names.textContent = ''; showLogo(null); });

  const form = el('form', { id: 'firm-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('firm', 'name', { wide: true }),
      field('firm', 'lawyer_name'),
      field('firm', 'licence_number'),
      field('firm', 'phone', { type: 'tel' }),
      field('firm', 'email', { type: 'email' }),
      field('firm', 'address', { type: 'textarea', wide: true }),
      field('firm', 'default_currency', { options: currencies }),
      field('firm', 'default_language', { options: langs }),
      field('firm', 'letter_prefix', { hint: 'firm.letter_prefix_hint' }),
      el('div', { class: 'field wide' },
        el('span', { class: 'label', 'data-i18n': 'firm.logo', text: t('firm.logo') }),
        el('div', { class: 'actions' }, logo.input, logo.button, logo.names, removeButton),
        preview,
        el('span', { class: 'hint', 'data-i18n': 'firm.logo_hint', text: t('firm.logo_hint') }),
        errorSlot('err-firm-logo'))),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'firm-save', 'data-i18n': 'form.save', text: t('form.save') }),
      profile ? el('span', { class: 'muted', text: t('firm.saved_at', { at: fmtDateTime(profile.updated_at) }) }) : null));

  fillForm(form, profile || {
    default_currency: choices.currencies.includes('CNY') ? defaultCurrency() : 'EUR',
    default_language: language(),
  });
  showLogo(profile && profile.logo_data_url);

  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const input = readForm(form);
    if (logoChange !== undefined) input.logo_base64 = logoChange;
    const button = form.querySelector('#firm-save');
    button.disabled = true;
    try {
      const saved = await call('save_firm_profile', { input });
      clearErrors(form);
      logoChange = undefined;
      showLogo(saved.logo_data_url);
      toast(t('firm.saved'));
      ctx.status.firm_name = saved.name;
      ctx.defaultCurrency = saved.default_currency;
    } catch (err) {
      showErrors(form, err); // what was typed stays in the form
    } finally {
      button.disabled = false;
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'firm-h' },
    el('h2', { id: 'firm-h', 'data-i18n': 'firm.title', text: t('firm.title') }), form);
}

// The firm as it signs letters in each language: name, address, signatory and title,
// registration ids, and the number prefix (Latin script for Russian and English letters).
const IDENTITY_IDS = ['inn', 'ogrn', 'kpp', 'uscc', 'practice_licence', 'ubn', 'sra_number', 'company_number'];

function identityPanel(identities) {
  const byLang = Object.fromEntries((identities || []).map((i) => [i.lang, i]));
  const langSelect = field('identity', 'lang', { options: LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]]) });
  const form = el('form', { id: 'identity-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      langSelect,
      field('identity', 'name', { wide: true }),
      field('identity', 'address', { type: 'textarea', wide: true }),
      field('identity', 'signatory_name'),
      field('identity', 'signatory_title', { hint: 'identity.signatory_title_hint' }),
      field('identity', 'letter_prefix', { hint: 'identity.letter_prefix_hint' }),
      IDENTITY_IDS.map((k) => field('identity', k))),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'identity-save', 'data-i18n': 'form.save', text: t('form.save') })));
  const show = (lang) => {
    const i = byLang[lang] || { lang, ids: {} };
    fillForm(form, { ...Object.fromEntries(IDENTITY_IDS.map((k) => [k, (i.ids || {})[k] || ''])), name: i.name || '', address: i.address || '', signatory_name: i.signatory_name || '', signatory_title: i.signatory_title || '', letter_prefix: i.letter_prefix || '', lang });
  };
  const select = langSelect.querySelector('select');
  select.addEventListener('change', () => { clearErrors(form); show(select.value); });
  show(language());
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = readForm(form);
    const input = { lang: data.lang, name: data.name, address: data.address, signatory_name: data.signatory_name, signatory_title: data.signatory_title, letter_prefix: data.letter_prefix, ids: {} };
    for (const k of IDENTITY_IDS) if (data[k]) input.ids[k] = data[k];
    try {
      byLang[input.lang] = await call('save_letter_identity', { input });
      clearErrors(form);
      toast(t('identity.saved'));
    } catch (err) {
      showErrors(form, err);
    }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'identity-h' },
    el('h2', { id: 'identity-h', 'data-i18n': 'identity.title', text: t('identity.title') }),
    el('p', { class: 'muted', 'data-i18n': 'identity.intro', text: t('identity.intro') }),
    form);
}

function defaultCurrency() {
  return { 'zh-CN': 'CNY', 'zh-TW': 'TWD', ru: 'RUB', en: 'EUR' }[language()] || 'EUR';
}

function bankPanel(accounts, ctx) {
  const currencies = choiceOptions('currencies');
  const form = el('form', { id: 'bank-form', novalidate: true },
    errorSummary(),
    hiddenInput({ name: 'id', id: 'bank-id' }),
    el('div', { class: 'grid' },
      field('bank', 'label'),
      field('bank', 'currency', { options: currencies }),
      field('bank', 'holder'),
      field('bank', 'bank_name'),
      field('bank', 'bic'),
      field('bank', 'correspondent_account'),
      field('bank', 'account_number', { type: 'password', hint: 'bank.secret_hint', autocomplete: 'new-password' }),
      field('bank', 'online_login', { type: 'password', autocomplete: 'new-password' }),
      field('bank', 'online_token', { type: 'password', autocomplete: 'new-password' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'bank-save', 'data-i18n': 'bank.save', text: t('bank.save') }),
      el('button', { type: 'reset', id: 'bank-new', 'data-i18n': 'bank.new', text: t('bank.new') })));
  form.querySelector('[name=currency]').value = defaultCurrency();

  const rows = accounts.map((a) => el('tr', { 'data-id': a.id },
    el('td', { text: a.label }),
    el('td', { text: a.currency }),
    el('td', { text: a.bank_name }),
    el('td', { text: a.holder }),
    el('td', { class: 'secret-state', text: a.account_mask }),
    el('td', { text: a.has_online_login || a.has_online_token ? t('bank.online_stored') : '—' }),
    el('td', { class: 'row-actions' },
      el('button', { type: 'button', text: t('form.edit'), onclick: () => edit(a) }), ' ',
      el('button', { type: 'button', class: 'danger', text: t('bank.archive'), onclick: () => archive(a) }))));

  function edit(a) {
    clearErrors(form);
    fillForm(form, { ...a, account_number: '', online_login: '', online_token: '' });
    form.querySelector('[name=account_number]').placeholder = t('bank.keep_secret', { mask: a.account_mask });
    form.querySelector('[name=label]').focus();
  }
  async function archive(a) {
    if (!window.confirm(t('bank.archive_confirm', { label: a.label }))) return;
    try {
      await call('archive_bank_account', { id: a.id });
      toast(t('bank.archived'));
      ctx.rerender();
    } catch (err) {
      toast(actionErrorText(err), 'error');
    }
  }
  form.addEventListener('reset', () => {
    clearErrors(form);
    form.querySelector('[name=account_number]').placeholder = '';
    setTimeout(() => { form.querySelector('[name=currency]').value = defaultCurrency(); });
  });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const data = readForm(form);
    const existing = data.id !== '';
    const input = {
      id: existing ? Number(data.id) : null,
      label: data.label, currency: data.currency, holder: data.holder, bank_name: data.bank_name,
      bic: data.bic, correspondent_account: data.correspondent_account,
      // Empty secret fields keep what the keychain holds for an existing account.
      account_number: data.account_number === '' && existing ? null : data.account_number,
      online_login: data.online_login === '' ? null : data.online_login,
      online_token: data.online_token === '' ? null : data.online_token,
    };
    const button = form.querySelector('#bank-save');
    button.disabled = true;
    try {
      await call('save_bank_account', { input });
      toast(t('bank.saved'));
      ctx.rerender();
    } catch (err) {
      showErrors(form, err);
    } finally {
      button.disabled = false;
    }
  });

  return el('section', { class: 'panel', 'aria-labelledby': 'bank-h' },
    el('h2', { id: 'bank-h', 'data-i18n': 'bank.title', text: t('bank.title') }),
    el('p', { class: 'hint', 'data-i18n': 'bank.keychain_note', text: t('bank.keychain_note') }),
    accounts.length
      ? el('table', { id: 'bank-table' },
        el('thead', {}, el('tr', {},
          ['bank.label', 'bank.currency', 'bank.bank_name', 'bank.holder', 'bank.account_number', 'bank.online', ''].map((k) => el('th', { text: k ? t(k) : '' })))),
        el('tbody', {}, rows))
      : el('p', { class: 'empty', 'data-i18n': 'bank.none', text: t('bank.none') }),
    el('h2', { 'data-i18n': 'bank.add', text: t('bank.add') }),
    form);
}

async function retentionPanel(ctx) {
  const [years, due, records] = await call('retention_due');
  const input = textInput({ type: 'number', id: 'retention-years', min: 1, max: 100, value: String(years) });
  const err = el('span', { class: 'error-text', role: 'alert' });
  return el('section', { class: 'panel', id: 'retention-panel' },
    el('h2', { text: t('retention.title') }),
    el('p', { class: 'hint', text: t('retention.hint') }),
    el('div', { class: 'actions' },
      el('label', { for: 'retention-years', text: t('retention.years') }), input,
      el('button', { type: 'button', id: 'retention-save', text: t('form.save'), onclick: async () => {
        try { await call('set_retention_years', { years: Number(input.value) }); err.textContent = ''; toast(t('retention.saved')); ctx.rerender(); } catch (e) { err.textContent = errorText(e); }
      } }), err),
    el('h2', { text: t('retention.due') }),
    due.length ? el('table', { id: 'retention-due' }, el('tbody', {}, due.map((d) => el('tr', {},
      el('td', { text: d.name }), el('td', { text: t('retention.kept_until', { on: d.keep_until }) }),
      el('td', {}, el('button', { type: 'button', class: 'danger', text: t('retention.destroy'), onclick: async () => {
        if (!(await confirmAct(t('retention.confirm', { name: d.name }), t('retention.destroy')))) return;
        try { await call('destroy_client', { client: d.client_id }); toast(t('retention.destroyed')); ctx.rerender(); } catch (e) { toast(errorText(e), 'error'); }
      } }))))))
      : el('p', { class: 'empty', text: t('retention.none_due') }),
    records.length ? el('table', { id: 'destruction-records' },
      el('thead', {}, el('tr', {}, ['retention.on', 'retention.what', 'retention.by'].map((k) => el('th', { text: t(k) })))),
      el('tbody', {}, records.map((r) => el('tr', {}, el('td', { class: 'nowrap', text: fmtDate(r.destroyed_on) }), el('td', { text: `${r.client_ref} · ${t('retention.counts', { m: r.matters, a: r.attachments })}` }), el('td', { text: r.destroyed_by })))))
      : null);
}

// Fee defaults: VAT rate and whether prices include it, invoice number prefix, payment terms.
async function feesPanel(ctx) {
  const s = await call('get_fee_settings');
  const form = el('form', { id: 'fees-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('fees_settings', 'vat_percent', { hint: 'fees_settings.vat_hint' }),
      field('fees_settings', 'invoice_prefix', { hint: 'fees_settings.prefix_hint' }),
      field('fees_settings', 'payment_terms_days'),
      el('div', { class: 'field' }, el('label', {}, checkbox({ id: 'fees-settings-inclusive', checked: s.prices_include_vat }), ' ', t('fees_settings.prices_include_vat')))),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'fees-settings-save', text: t('form.save') })));
  fillForm(form, { vat_percent: s.vat_percent, invoice_prefix: s.invoice_prefix, payment_terms_days: String(s.payment_terms_days) });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    try {
      await call('save_fee_settings', { input: { ...d, prices_include_vat: form.querySelector('#fees-settings-inclusive').checked } });
      clearErrors(form);
      toast(t('fees_settings.saved'));
    } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', 'aria-labelledby': 'fees-settings-h' },
    el('h2', { id: 'fees-settings-h', text: t('fees_settings.title') }), form);
}

// The firm's own payment QR images (Alipay, WeChat Pay…) printed on letters in a currency
// without a standard QR payload.
async function qrPanel(ctx) {
  const images = await call('list_payment_qr_images');
  const image = fileChooser({ id: 'qr-image', name: 'image', accept: 'image/png,image/jpeg', 'aria-describedby': 'err-qr-image' }, 'firm.logo_choose');
  const form = el('form', { id: 'qr-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' },
      field('qr', 'label'),
      field('qr', 'currency', { options: choiceOptions('currencies') }),
      el('div', { class: 'field' }, el('span', { class: 'label', text: t('qr.image') }),
        el('div', {}, image.input, image.button),
        errorSlot('err-qr-image'))),
    el('div', { class: 'actions' }, el('button', { type: 'submit', class: 'primary', id: 'qr-add', text: t('qr.add') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const d = readForm(form);
    const file = image.input.files[0];
    try {
      const data = file ? (await readFile(file)).base64 : '';
      await call('add_payment_qr_image', { label: d.label, currency: d.currency, image: data });
      toast(t('qr.added'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  return el('section', { class: 'panel', id: 'qr-panel' },
    el('h2', { text: t('qr.title') }),
    el('p', { class: 'muted', text: t('qr.hint') }),
    images.length ? el('ul', { id: 'qr-list' }, images.map((q) => el('li', {}, `${q.label} · ${q.currency} `,
      el('button', { type: 'button', class: 'link', text: t('qr.remove'), onclick: async () => { await call('delete_payment_qr_image', { id: q.id }); ctx.rerender(); } })))) : null,
    form);
}
