// Dashboard: the firm at a glance — receivables by age (chart per currency) and the top
// overdue clients, follow-ups due, the contact rhythm, recent activity.
import { call } from '../api.js';
import { t, language } from '../i18n.js';
import { el } from '../dom.js';
import { completeControls } from './client_records.js';
import { agingPanel } from './receivables.js';
import { backupWhen } from './settings.js';

export async function render(main, ctx) {
  const [profile, activity, agenda, aging, backup] = await Promise.all([call('get_firm_profile'), call('recent_activity'), call('agenda'), agingPanel(), call('backup_status')]);
  const s = ctx.status;
  main.replaceChildren(
    el('h1', { 'data-i18n': 'dashboard.title', text: t('dashboard.title') }),
    profile
      ? el('p', { class: 'muted', id: 'dashboard-firm', text: profile.name })
      : el('div', { class: 'panel' },
        el('p', { text: t('dashboard.setup') }),
        el('a', { href: '#settings', id: 'dashboard-setup', text: t('dashboard.setup_link') })),
    el('div', { class: 'cards' },
      el('div', { class: 'card' }, el('div', { class: 'muted', text: t('dashboard.data_dir') }), el('div', { text: s.data_dir })),
      el('div', { class: 'card' }, el('div', { class: 'muted', text: t('dashboard.schema') }), el('div', { class: 'big', text: String(s.schema_version) })),
      el('div', { class: 'card' }, el('div', { class: 'muted', text: t('dashboard.version') }), el('div', { class: 'big', text: s.version })),
      backupCard(backup)),
    aging,
    el('section', { class: 'panel', id: 'agenda' },
      el('h2', { text: t('dashboard.due') }),
      agenda.due.length
        ? el('table', { id: 'due-follow-ups' }, el('tbody', {}, agenda.due.map((f) => el('tr', {},
          el('td', { class: f.due_on < agenda.today ? 'overdue' : '', text: f.due_on }),
          el('td', {}, el('a', { href: `#client/${f.client_id}`, text: f.client_name })),
          el('td', { text: f.title }),
          el('td', {}, completeControls(f, ctx))))))
        : el('p', { class: 'empty', text: t('dashboard.nothing_due') }),
      el('h2', { text: t('dashboard.rhythm', { n: agenda.contacts_per_month }) }),
      agenda.behind_rhythm.length
        ? el('ul', { id: 'behind-rhythm' }, agenda.behind_rhythm.map((r) => el('li', {},
          el('a', { href: `#client/${r.client_id}`, text: r.client_name }), ` — ${t('dashboard.contacts', { n: r.contacts })}`)))
        : el('p', { class: 'empty', text: t('dashboard.rhythm_ok') })),
    el('h2', { text: t('dashboard.activity') }),
    activity.length
      ? el('table', {},
        el('thead', {}, el('tr', {}, el('th', { text: t('dashboard.when') }), el('th', { text: t('dashboard.what') }))),
        el('tbody', {}, activity.map((a) => el('tr', {},
          el('td', { text: new Date(a.at).toLocaleString(language()) }),
          el('td', { text: `${t(`audit.${a.entity}`)} · ${t(`audit.${a.action}`)}` })))))
      : el('p', { class: 'empty', text: t('dashboard.no_activity') }));
}

// The last good backup, or a warning (none yet, no folder chosen, the last one failed).
function backupCard(b) {
  const warn = !b.last_good_at || b.due || b.last_error;
  const lines = [el('div', { id: 'dashboard-backup', class: warn ? 'overdue' : '', text: backupWhen(b) })];
  if (!b.folder) lines.push(el('div', { class: 'muted', text: t('backup.no_folder') }));
  if (b.last_error) lines.push(el('div', { class: 'overdue', text: `${t('backup.failed')} ${t(`error.${b.last_error}`)}` }));
  if (!b.recovery_key_shown && b.last_good_at) lines.push(el('div', { class: 'overdue', text: t('backup.key_not_shown_short') }));
  return el('div', { class: 'card' },
    el('div', { class: 'muted', text: t('backup.title') }), ...lines,
    el('a', { href: '#settings', text: t('backup.to_settings') }));
}
