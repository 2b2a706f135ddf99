// A screen whose release has not landed yet: says so plainly, in the user's language.
import { t } from '../i18n.js';
import { el } from '../dom.js';

export function renderComing(screen) {
  return async (main) => {
    main.replaceChildren(
      el('h1', { 'data-i18n': `nav.${screen}`, text: t(`nav.${screen}`) }),
      el('div', { class: 'panel' },
        el('p', { text: t('coming.text') }),
        el('p', { class: 'muted', text: t(`coming.${screen}`) })));
  };
}
