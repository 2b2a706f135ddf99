// Backups: the panel on Settings (the folder, "Back up now", the last good backup or
// failure, the recovery key shown once) and the last backup in words for the Dashboard.
import { call, actionErrorText } from '../api.js';
import { t, language, keepLanguage } from '../i18n.js';
import { el, toast } from '../dom.js';
import { field, readForm, fillForm, showErrors, clearErrors, errorSummary } from '../forms.js';
import { fmtDateTime } from '../dates.js';

// When a backup was made, in the user's words ("no backup yet" when none).
export function backupWhen(status) {
  return status.last_good_at
    ? t('backup.last_good', { when: fmtDateTime(status.last_good_at) })
    : t('backup.none');
}

// Backups: the folder (chosen with the system's folder dialog, or a path typed or pasted),
// "Back up now", the last good backup or failure, and the recovery key shown once.
export async function backupPanel(ctx) {
  const s = await call('backup_status');
  const form = el('form', { id: 'backup-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' }, field('backup', 'folder', { wide: true, hint: 'backup.folder_hint' })),
    el('div', { class: 'actions' },
      el('button', { type: 'button', id: 'backup-folder-choose', text: t('backup.choose') }),
      el('button', { type: 'submit', id: 'backup-folder-save', text: t('form.save') }),
      el('button', { type: 'button', class: 'primary', id: 'backup-now', text: t('backup.now'), disabled: !s.folder })));
  fillForm(form, { folder: s.folder || '' });
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    try {
      await call('set_backup_folder', { folder: readForm(form).folder });
      clearErrors(form);
      toast(t('backup.folder_saved'));
      ctx.rerender();
    } catch (err) { showErrors(form, err); }
  });
  form.querySelector('#backup-folder-choose').addEventListener('click', async () => {
    try {
      const before = s.folder;
      const after = await call('choose_backup_folder', { title: t('backup.choose_title') });
      clearErrors(form);
      if (after.folder !== before) {
        toast(t('backup.folder_saved'));
        ctx.rerender();
      }
    } catch (err) { showErrors(form, err); }
  });
  const nowButton = form.querySelector('#backup-now');
  nowButton.addEventListener('click', async () => {
    nowButton.disabled = true;
    nowButton.textContent = t('backup.running');
    try {
      const r = await call('backup_now');
      toast(t('backup.done', { size: (r.size / 1048576).toFixed(1) }));
      ctx.rerender();
    } catch (err) {
      toast(actionErrorText(err), 'error');
      nowButton.disabled = false;
      nowButton.textContent = t('backup.now');
    }
  });
  return el('section', { class: 'panel', id: 'backup-panel', 'aria-labelledby': 'backup-h' },
    el('h2', { id: 'backup-h', text: t('backup.title') }),
    el('p', { class: 'muted', text: t('backup.hint') }),
    el('p', { id: 'backup-last', class: s.last_good_at ? '' : 'overdue', text: backupWhen(s) }),
    s.last_error ? el('p', { id: 'backup-failed', class: 'overdue', text: `${t('backup.failed')} ${t(`error.${s.last_error}`)}` }) : null,
    form,
    recoveryKeyBlock(s),
    s.practice_is_new ? restoreBlock() : null);
}

// Restore a backup in place of a new, empty practice (a new or repaired computer): the
// file from the system's dialog, the recovery key as typed (empty: this computer's
// keychain). Verified in full before anything is replaced; then the window starts again
// on the restored practice (its language and app lock), and says what was restored.
function restoreBlock() {
  const form = el('form', { id: 'restore-form', novalidate: true },
    errorSummary(),
    el('div', { class: 'grid' }, field('restore', 'recovery_key', { wide: true, hint: 'restore.key_hint' })),
    el('div', { class: 'actions' },
      el('button', { type: 'submit', id: 'restore-choose', text: t('restore.choose') })));
  form.addEventListener('submit', async (ev) => {
    ev.preventDefault();
    const button = form.querySelector('#restore-choose');
    button.disabled = true;
    button.textContent = t('restore.running');
    try {
      const r = await call('restore_backup', {
        title: t('restore.choose_title'),
        recoveryKey: readForm(form).recovery_key || '',
      });
      clearErrors(form);
      if (r) {
        sessionStorage.setItem(AFTER_RELOAD, t('restore.done', {
          when: fmtDateTime(r.backup_created_at), rows: r.rows, files: r.files,
        }));
        keepLanguage(language());
        location.hash = '#dashboard';
        location.reload();
        return;
      }
    } catch (err) { showErrors(form, err); }
    button.disabled = false;
    button.textContent = t('restore.choose');
  });
  return el('div', { id: 'restore-box' },
    el('h3', { id: 'restore-h', text: t('restore.title') }),
    el('p', { class: 'muted', text: t('restore.hint') }),
    form);
}

// A message for the window's next start (a restore reloads the window).
const AFTER_RELOAD = 'lawdesk.after_reload';

export function sayAfterReload() {
  const text = sessionStorage.getItem(AFTER_RELOAD);
  if (!text) return;
  sessionStorage.removeItem(AFTER_RELOAD);
  toast(text);
}

// The recovery key, shown once to print and keep.
function recoveryKeyBlock(s) {
  if (s.recovery_key_shown) return el('p', { class: 'muted', id: 'recovery-key-shown', text: t('backup.key_was_shown') });
  const box = el('div', { id: 'recovery-key-box' },
    el('p', { text: t('backup.key_not_shown') }));
  const button = el('button', { type: 'button', id: 'recovery-key-show', text: t('backup.key_show') });
  button.addEventListener('click', async () => {
    if (!window.confirm(t('backup.key_confirm'))) return;
    try {
      const key = await call('show_recovery_key');
      box.replaceChildren(
        el('p', { class: 'overdue', text: t('backup.key_keep') }),
        el('pre', { id: 'recovery-key', class: 'recovery-key', text: key }),
        el('button', { type: 'button', id: 'recovery-key-print', text: t('backup.key_print'), onclick: () => window.print() }));
    } catch (err) { toast(actionErrorText(err), 'error'); }
  });
  box.append(button);
  return box;
}
