// The one door to the Rust side. Every failure becomes {code, message, fields}; screens
// branch on `code` and show `errorText(err)`, never the raw message text.
import { t, has } from './i18n.js';

const ipc = window.__TAURI_INTERNALS__;

export async function call(command, args = {}) {
  if (!ipc) throw { code: 'internal', message: 'Lawdesk must run inside its window', fields: [] };
  try {
    return await ipc.invoke(command, args);
  } catch (e) {
    if (e && typeof e === 'object' && typeof e.code === 'string') {
      // The app lock closed the window's access: the shell shows the lock screen.
      if (e.code === 'app.locked') window.dispatchEvent(new Event('lawdesk:locked'));
      return Promise.reject({ fields: [], ...e });
    }
    return Promise.reject({ code: 'internal', message: String(e), fields: [] });
  }
}

// The user's local date (YYYY-MM-DD) from Rust's one clock: the UI never reads its own.
export const today = () => call('today');

// `iso` plus `days` calendar days: arithmetic on the date alone, no clock.
export function addDays(iso, days) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// A translated sentence for an error code; the English message is the last resort.
export function errorText(err) {
  const key = `error.${err.code}`;
  return has(key) ? t(key) : (err.message || t('error.internal'));
}

// For a message that stands alone (a toast after Save as…, an export, a print): a form's
// refusal names what was wrong with the field, there being no marked field to look at.
export function actionErrorText(err) {
  const fields = err.fields || [];
  return err.code === 'validation' && fields.length ? fieldErrorText(fields[0].code) : errorText(err);
}

// A translated sentence for one field's error code.
export function fieldErrorText(code) {
  const key = `field.${code}`;
  return has(key) ? t(key) : t('field.invalid');
}
