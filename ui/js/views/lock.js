// The app lock: while locked the window shows only this screen (no client data; Rust
// refuses every data command with `app.locked`), asks for the password, and reports input
// so the idle timeout starts again.
import { call, errorText } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../dom.js';
import { textInput } from '../forms.js';

let showing = null;

// Shows the lock screen (once) and resolves when the right password is entered.
export function showLock() {
  if (showing) return showing;
  const shell = document.querySelector('.shell');
  document.getElementById('main').replaceChildren();
  document.getElementById('toast').hidden = true;
  shell.hidden = true;
  showing = new Promise((resolve) => {
    const error = el('p', { class: 'form-error', id: 'lock-error', role: 'alert' });
    const input = textInput({ type: 'password', id: 'lock-password', name: 'password', autocomplete: 'current-password', 'aria-describedby': 'lock-error' });
    const submit = el('button', { type: 'submit', class: 'primary', id: 'lock-submit', text: t('lock.unlock') });
    const form = el('form', { id: 'lock-form', novalidate: true },
      el('label', { for: 'lock-password', text: t('lock.password') }), input, error,
      el('div', { class: 'actions' }, submit));
    const screen = el('div', { id: 'lock-screen', class: 'lock-screen', role: 'dialog', 'aria-labelledby': 'lock-title' },
      el('div', { class: 'panel lock-panel' },
        el('div', { class: 'brand' }, el('img', { src: 'logo.svg', alt: '', width: 28, height: 28 }), el('span', { text: 'Lawdesk' })),
        el('h1', { id: 'lock-title', text: t('lock.title') }),
        el('p', { class: 'muted', text: t('lock.hint') }),
        form));
    form.addEventListener('submit', async (ev) => {
      ev.preventDefault();
      submit.disabled = true;
      error.textContent = '';
      try {
        await call('unlock', { password: input.value });
        input.value = '';
        screen.remove();
        shell.hidden = false;
        showing = null;
        resolve();
      } catch (err) {
        input.value = '';
        error.textContent = errorText(err);
        input.focus();
      } finally {
        submit.disabled = false;
      }
    });
    document.body.append(screen);
    input.focus();
  });
  return showing;
}

export const isLocked = () => showing !== null;

// Input resets the idle timeout (at most one call every 20 s); a poll and any `app.locked`
// answer bring the lock screen back, then `onUnlocked` re-renders.
export function watchIdle(onUnlocked) {
  let last = 0;
  const touch = () => {
    const now = Date.now();
    if (showing || now - last < 20000) return;
    last = now;
    call('lock_touch').then((locked) => { if (locked) relock(); }).catch(() => {});
  };
  const relock = () => { if (!showing) showLock().then(onUnlocked); };
  for (const kind of ['keydown', 'mousedown', 'mousemove', 'wheel', 'touchstart']) {
    document.addEventListener(kind, touch, { passive: true, capture: true });
  }
  window.addEventListener('lawdesk:locked', relock);
  setInterval(() => {
    if (showing) return;
    call('lock_status').then((s) => { if (s.locked) relock(); }).catch(() => {});
  }, 15000);
}
