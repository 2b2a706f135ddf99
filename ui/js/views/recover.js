// A data folder that did not open because this computer's keychain holds no key for it (a
// folder copied from another computer, another user account, a lost keychain entry): the
// recovery key the lawyer printed when the practice was set up opens it again. Nothing is
// shown or changed until the key opens the folder's database.
import { call, errorText } from '../api.js';
import { t, setLanguage, language, keepLanguage, LANGUAGES, LANGUAGE_NAMES } from '../i18n.js';
import { el } from '../dom.js';
import { field, readForm, showErrors, errorSummary, selectInput } from '../forms.js';

export const CODES = ['store.key_missing', 'store.key_wrong'];


// The screen: why the folder did not open, the recovery key field, and "Open"; the
// interface language can be switched here (the practice's own setting is inside the
// folder that is not open yet). What was typed stays when the language changes.
export function render(main, err) {
  const typed = main.querySelector('#recover-recovery-key');
  const kept = typed ? typed.value : '';
  const form = el('form', { id: 'recover-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' }, field('recover', 'recovery_key', { wide: true, hint: 'recover.key_hint' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', class: 'primary', id: 'recover-open', text: t('recover.open') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('#recover-open');
    button.disabled = true;
    try {
      await call('recover_practice_key', { recoveryKey: readForm(form).recovery_key });
      // The folder is open now: start again as on a normal start (app lock first).
      location.reload();
    } catch (e) {
      showErrors(form, e);
      button.disabled = false;
    }
  });
  const lang = selectInput({ id: 'recover-lang', 'aria-label': t('settings.ui_language') },
    LANGUAGES.map((l) => [l, LANGUAGE_NAMES[l]]), language());
  lang.addEventListener('change', () => {
    setLanguage(lang.value);
    // Kept for this window's next start (the reload below) when the practice names none.
    keepLanguage(lang.value);
    render(main, err);
  });
  main.replaceChildren(
    el('div', { class: 'title-row' }, el('h1', { id: 'recover-h', text: t('recover.title') }), lang),
    el('section', { class: 'panel', id: 'recover-panel', 'aria-labelledby': 'recover-h' },
      el('p', { id: 'recover-why', text: errorText(err) }),
      el('p', { class: 'muted', text: t('recover.hint') }),
      form));
  const box = form.querySelector('[name="recovery_key"]');
  box.value = kept;
  box.focus();
}
