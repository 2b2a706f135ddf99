// Kept files (a log entry's attachments, a payment's voucher): an image is shown in the
// window, anything else opens in the system's viewer. Both are checked against their SHA-256.
import { call, actionErrorText } from '../api.js';
import { t } from '../i18n.js';
import { el, toast } from '../dom.js';

export async function openAttachment(name, sha256) {
  try {
    const url = await call('attachment_preview', { sha256 });
    if (!url) { await call('open_attachment', { sha256 }); return; }
    const close = () => overlay.remove();
    const overlay = el('div', { class: 'overlay', id: 'attachment-dialog', onclick: (ev) => { if (ev.target === overlay) close(); },
      onkeydown: (ev) => { if (ev.key === 'Escape') close(); } },
    el('div', { class: 'dialog wide', role: 'dialog', 'aria-label': name },
      el('img', { class: 'voucher-image', src: url, alt: name }),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'attachment-open', text: t('payment.voucher_open'), onclick: () => call('open_attachment', { sha256 }).catch((err) => toast(actionErrorText(err), 'error')) }),
        el('button', { type: 'button', class: 'primary', id: 'attachment-close', text: t('form.close'), onclick: close }))));
    document.body.append(overlay);
    overlay.querySelector('#attachment-close').focus();
  } catch (err) { toast(actionErrorText(err), 'error'); }
}

export function attachmentButton(name, sha256) {
  return el('button', { type: 'button', class: 'link attachment', title: `SHA-256 ${sha256}`, text: name, onclick: () => openAttachment(name, sha256) });
}
