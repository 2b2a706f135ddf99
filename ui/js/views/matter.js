// One matter: its facts, opposing parties, the conflict checks run for it and its
// engagements; opened from the Matters list.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';
import { money } from '../money.js';
import { fmtDate, fmtDateTime } from '../dates.js';
import { clocksPanel } from '../panels/clocks.js';

export async function render(main, ctx, id) {
  const [[m, checks], engagements] = await Promise.all([call('get_matter', { id: Number(id) }), call('list_engagements', {})]);
  const mine = engagements.filter((e) => e.matter_id === m.id);
  const facts = [
    ['fees.client', el('a', { href: `#client/${m.client_id}`, text: m.client_name })],
    ['matter.status', t(`matter.status.${m.status}`)], ['matter.opened_on', fmtDate(m.opened_on)],
    ['matter.closed_on', m.closed_on ? fmtDate(m.closed_on) : ''], ['matter.practice_area', m.practice_area],
    ['matter.responsible_lawyer', m.responsible_lawyer],
    ['matter.opposing', m.opposing_parties.map((p) => `${p.name} (${t(`role.${p.role}`)})`).join('; ')],
  ].filter(([, v]) => v);
  fill(main,
    el('p', {}, el('a', { href: '#matters', text: `← ${t('nav.matters')}` })),
    el('h1', { id: 'matter-title', text: m.title }),
    el('section', { class: 'panel' }, el('dl', { class: 'facts', id: 'matter-facts' }, facts.flatMap(([k, v]) => [el('dt', { text: t(k) }), el('dd', {}, v)])),
      el('div', { class: 'actions' },
        el('a', { class: 'button', href: `#quote/new/${m.client_id}`, text: t('fees.new_quote') }),
        el('a', { class: 'button', href: `#client/${m.client_id}`, text: t('matter.on_client_page') }))),
    el('section', { class: 'panel' }, el('h2', { text: t('fees.tab.engagements') }),
      mine.length ? el('table', { class: 'list', id: 'matter-engagements' },
        el('thead', {}, el('tr', {}, ['fees.title', 'fees.total', 'fees.accepted_on'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, mine.map((e) => el('tr', {},
          el('td', {}, el('a', { href: `#engagement/${e.id}`, text: e.title })),
          el('td', { class: 'num', text: money(e.total) }), el('td', { class: 'nowrap', text: fmtDate(e.accepted_on) })))))
        : el('p', { class: 'empty', text: t('fees.no_engagements') })),
    clocksPanel({ matterId: m.id }),
    el('section', { class: 'panel' }, el('h2', { text: t('conflicts.title') }),
      checks.length ? el('table', { id: 'matter-checks' },
        el('thead', {}, el('tr', {}, ['conflicts.when', 'conflicts.subject', 'conflicts.outcome'].map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, checks.map((k) => el('tr', {},
          el('td', { class: 'nowrap', text: fmtDateTime(k.checked_at) }), el('td', { text: k.subject }),
          el('td', { text: k.outcome === 'clear' ? t('conflicts.clear') : t('conflicts.found', { n: k.hits.length }) })))))
        : el('p', { class: 'empty', text: t('matter.no_checks') })));
}
