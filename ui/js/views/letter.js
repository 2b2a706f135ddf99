// One letter written: its number, kind, client, date and language; its kept PDF opens in
// the system's viewer (checked against its SHA-256) or goes to the printer.
import { call, actionErrorText } from '../api.js';
import { t, LANGUAGE_NAMES } from '../i18n.js';
import { el, toast, fill } from '../dom.js';
import { fmtDate } from '../dates.js';

export async function render(main, ctx, id) {
  const l = await call('get_letter', { id: Number(id) });
  const act = (command, done) => async () => {
    try { const r = await call(command, command === 'open_attachment' ? { sha256: l.sha256 } : { id: l.id }); if (done) toast(t(done(r))); } catch (err) { toast(actionErrorText(err), 'error'); }
  };
  const facts = [
    ['fees.client', el('a', { href: `#client/${l.client_id}`, text: l.client_name })],
    ['letter.kind', t(`letter.kind.${l.kind}`)], ['letter.date', fmtDate(l.issued_on)],
    ['letter.lang', LANGUAGE_NAMES[l.lang] || l.lang], ['letter.pages_h', String(l.pages)],
    ['letter.file', l.file_name], ['letter.sha256', l.sha256],
  ];
  fill(main,
    el('p', {}, el('a', { href: '#letters', text: `← ${t('nav.letters')}` })),
    el('h1', { id: 'letter-title', text: `${t(`letter.kind.${l.kind}`)} ${l.number}` }),
    el('section', { class: 'panel' },
      el('dl', { class: 'facts', id: 'letter-facts' }, facts.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', { class: k === 'letter.sha256' ? 'secret-state' : '' }, v)])),
      el('div', { class: 'actions' },
        el('button', { type: 'button', class: 'primary', id: 'letter-open', text: t('payment.voucher_open'), onclick: act('open_attachment') }),
        el('button', { type: 'button', id: 'letter-print-one', text: t('letter.print'), onclick: act('print_letter', (how) => (how === 'lp' ? 'letter.sent_to_printer' : 'letter.opened_viewer')) }))));
}
