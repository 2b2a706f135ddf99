// A client picker: type to search (the same search as the Clients screen), pick from the
// results. Calls `onPick(client)` with {id, display_name}.
import { call } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';

export function clientPicker(id, onPick, initial = null) {
  const input = el('input', { id: `${id}-search`, type: 'search', autocomplete: 'off', placeholder: t('pick.client_placeholder') });
  const select = el('select', { id: `${id}-select`, name: 'client_id' }, el('option', { value: '', text: t('pick.client_none') }));
  const slot = el('span', { class: 'error-text', id: `err-${id}-select`, role: 'alert' });
  select.setAttribute('aria-describedby', `err-${id}-select`);
  if (initial) select.append(el('option', { value: initial.id, text: initial.display_name, selected: true }));
  let timer;
  let results = [];
  input.addEventListener('input', () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const q = input.value.trim();
      if (!q) return;
      results = await call('search_clients', { query: q, limit: 20 });
      fill(select, el('option', { value: '', text: t('pick.client_none') }),
        ...results.map((c) => el('option', { value: c.id, text: c.display_name })));
      if (results.length) {
        select.value = String(results[0].id);
        onPick(results[0]);
      }
    }, 150);
  });
  select.addEventListener('change', () => {
    const c = results.find((r) => String(r.id) === select.value) || (initial && String(initial.id) === select.value ? initial : null);
    onPick(c);
  });
  return el('div', { class: 'field wide' },
    el('label', { for: `${id}-search`, text: t('pick.client') }),
    el('div', { class: 'picker' }, input, select), slot);
}
