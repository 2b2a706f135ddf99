// Plain DOM helpers shared by the screens: making elements, filling them, the toast and
// the confirmation dialog. Form fields and their errors are in forms.js.
import { t } from './i18n.js';

export function el(tag, attrs = {}, ...children) {
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

// Replaces a node's children, skipping absent parts (null, undefined, false) as `el` does:
// `replaceChildren(null)` would print "null" on the screen.
export function fill(node, ...children) {
  node.replaceChildren(...children.flat(Infinity).filter((c) => c !== null && c !== undefined && c !== false));
}
