// All matters, newest first; a matter opens on its client's page, where a new one is opened
// (its conflict check needs the client).
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';
import { clientPicker } from '../forms.js';
import { fmtDate } from '../dates.js';

export async function render(main) {
  const matters = await call('list_matters', {});
  // A new matter: pick its client, then open the matter there (with its conflict check).
  const picker = clientPicker('matter-client', (c) => { if (c) go.href = `#client/${c.id}/matter`; go.hidden = !c; });
  const go = el('a', { class: 'button primary', id: 'matter-new-go', hidden: true, text: t('matters.open_new') });
  const newPanel = el('section', { class: 'panel', id: 'matter-new-panel', hidden: true },
    el('h2', { text: t('matters.open_new') }), el('p', { class: 'muted', text: t('matters.new_hint') }),
    el('div', { class: 'grid' }, picker), el('div', { class: 'actions' }, go));
  fill(main,
    el('div', { class: 'title-row' }, el('h1', { text: t('nav.matters') }),
      el('button', { type: 'button', class: 'primary', id: 'matters-new', text: t('matters.new'),
        onclick: () => { newPanel.hidden = false; newPanel.querySelector('input').focus(); } })),
    newPanel,
    matters.length
      ? el('table', { id: 'all-matters' },
        el('thead', {}, el('tr', {}, ['matter.title', 'fees.client', 'matter.status', 'matter.opened_on', 'matter.responsible_lawyer', 'matter.opposing'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, matters.map((m) => el('tr', {},
          el('td', {}, el('a', { href: `#matter/${m.id}`, text: m.title })),
          el('td', {}, el('a', { href: `#client/${m.client_id}`, text: m.client_name })),
          el('td', { text: t(`matter.status.${m.status}`) }),
          el('td', { class: 'nowrap', text: fmtDate(m.opened_on) }),
          el('td', { text: m.responsible_lawyer }),
          el('td', { text: m.opposing_parties.map((p) => p.name).join(', ') })))))
      : el('p', { class: 'empty', text: t('matters.none_yet') }));
}
