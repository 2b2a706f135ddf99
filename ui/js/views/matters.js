// All matters, newest first; a matter opens on its client's page.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el } from '../dom.js';

export async function render(main) {
  const matters = await call('list_matters', {});
  main.replaceChildren(
    el('h1', { text: t('nav.matters') }),
    matters.length
      ? el('table', { id: 'all-matters' },
        el('thead', {}, el('tr', {}, ['matter.title', 'client.name', 'matter.status', 'matter.opened_on', 'matter.responsible_lawyer', 'matter.opposing'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, matters.map((m) => el('tr', {},
          el('td', {}, el('a', { href: `#client/${m.client_id}`, text: m.title })),
          el('td', { text: m.client_name }),
          el('td', { text: t(`matter.status.${m.status}`) }),
          el('td', { text: m.opened_on }),
          el('td', { text: m.responsible_lawyer }),
          el('td', { text: m.opposing_parties.map((p) => p.name).join(', ') })))))
      : el('p', { class: 'empty', text: t('matters.none_yet') }));
}
