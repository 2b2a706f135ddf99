// Clients: one search box (results as you type, best first) and the new-client form.
import { call, errorText } from '../api.js';
import { t } from '../i18n.js';
import { el, fill } from '../dom.js';
import { textInput } from '../forms.js';
import { clientForm } from '../panels/client_form.js';
import { importPanel } from '../panels/import.js';

export async function render(main, ctx) {
  const box = textInput({
    id: 'client-search', type: 'search', autocomplete: 'off', spellcheck: 'false',
    'aria-label': t('clients.search'), placeholder: t('clients.search_hint'),
  });
  const results = el('tbody', { id: 'client-results' });
  const count = el('p', { class: 'muted', id: 'client-count', 'aria-live': 'polite' });
  let seq = 0;
  let limit = 100;
  const more = el('button', { type: 'button', id: 'client-more', hidden: true, text: t('clients.more'), onclick: () => { limit += 100; update(); } });
  async function update() {
    const mine = ++seq;
    try {
      const hits = await call('search_clients', { query: box.value, limit });
      if (mine !== seq) return; // a newer keystroke already asked
      fill(results, ...hits.map((h) => el('tr', { tabindex: '0', 'data-id': h.id,
        onclick: () => { location.hash = `client/${h.id}`; },
        onkeydown: (e) => { if (e.key === 'Enter') location.hash = `client/${h.id}`; } },
      el('td', {}, el('a', { href: `#client/${h.id}`, text: h.display_name })),
      el('td', { text: t(`client.kind.${h.kind}`) }),
      el('td', { text: h.grade }),
      el('td', { text: h.phone || '' }),
      el('td', { text: h.email || '' }))));
      count.textContent = hits.length ? t('clients.count', { n: hits.length }) : t('clients.none');
      more.hidden = hits.length < limit || limit >= 500;
    } catch (err) {
      count.textContent = errorText(err);
    }
  }
  let timer;
  box.addEventListener('input', () => { clearTimeout(timer); limit = 100; timer = setTimeout(update, 40); });
  box.addEventListener('keydown', (e) => {
    if (e.key === 'ArrowDown') { const first = results.querySelector('tr'); if (first) { e.preventDefault(); first.focus(); } }
  });
  results.addEventListener('keydown', (e) => {
    const row = document.activeElement;
    if (e.key === 'ArrowDown' && row.nextElementSibling) { e.preventDefault(); row.nextElementSibling.focus(); }
    if (e.key === 'ArrowUp') { e.preventDefault(); (row.previousElementSibling || box).focus(); }
  });

  const formPanel = el('section', { class: 'panel', id: 'client-new-panel', hidden: true }, clientForm(null, update));
  fill(main,
    el('h1', { text: t('nav.clients') }),
    el('div', { class: 'actions toolbar' }, box,
      el('button', { type: 'button', class: 'primary', id: 'client-new', text: t('clients.new'),
        onclick: () => { formPanel.hidden = false; formPanel.querySelector('#client-name').focus(); } })),
    formPanel,
    count,
    el('table', { class: 'list' },
      el('thead', {}, el('tr', {}, ['client.name', 'client.kind', 'client.grade', 'client.phone', 'client.email'].map((k) => el('th', { text: t(k) })))),
      results),
    more,
    importPanel(ctx));
  box.focus();
  await update();
}
