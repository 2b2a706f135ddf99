// Shows conflict-check hits: who, in which role, on which matter.
import { t } from '../i18n.js';
import { el } from '../dom.js';

export function conflictList(hits, title) {
  if (!hits.length) return el('p', { class: 'ok-text', id: 'conflict-clear', text: t('conflicts.clear') });
  return el('div', { class: 'conflicts', role: 'alert', id: 'conflict-hits' },
    el('strong', { text: title || t('conflicts.found', { n: hits.length }) }),
    el('ul', {}, hits.map((h) => el('li', {},
      el('a', { href: `#client/${h.id}`, text: h.name }),
      ` — ${t(`role.${h.role}`)}`,
      h.matter_id ? ` · ${t('conflicts.on_matter', { id: h.matter_id })}` : '',
      h.client_name !== h.name ? ` · ${t('conflicts.of_client', { name: h.client_name })}` : '',
      h.matched_on === 'id_number' ? ` · ${t('conflicts.by_id')}` : ''))));
}
