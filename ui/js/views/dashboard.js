// Dashboard: today first — follow-ups due, letters due at each dunning stage, what is owed
// — then receivables by age, the contact rhythm and recent activity. The data folder and
// versions live under Settings → About.
import { call } from '../api.js';
import { t, systemText } from '../i18n.js';
import { el, fill } from '../dom.js';
import { fmtMoney } from '../money.js';
import { fmtDate, fmtDateTime } from '../dates.js';
import { completeControls } from '../panels/client_records.js';
import { agingPanel } from '../panels/receivables.js';
import { backupWhen } from '../panels/backup.js';
import { dashboardClocks } from '../panels/clocks.js';
import { choices } from '../choices.js';

export async function render(main, ctx) {
  // Aging is read once, with the five clients most overdue per currency (the panel shows
  // no more): a large practice's full list is never sent to the window.
  const [profile, activity, agenda, receivables, backup] = await Promise.all([
    call('get_firm_profile'), call('recent_activity'), call('agenda'), call('aging', { asOf: null, top: 5 }), call('backup_status')]);
  const aging = agingPanel(receivables);
  // The letters due per stage take longest on a large practice: the page is drawn first
  // and the counts arrive after it.
  const counts = choices.letter_stages.map((s) => el('strong', { 'data-stage': s, class: 'muted', text: '…' }));
  Promise.all(choices.letter_stages.map((s) => call('letter_batch_due', { stage: s, asOf: null }).catch(() => null)))
    .then((due) => due.forEach((n, i) => {
      counts[i].textContent = n === null ? '—' : String(n);
      counts[i].classList.remove('muted');
    }));
  const lateFollowUps = agenda.late_total;
  const more = (shown, total) => (total > shown ? el('p', { class: 'muted', text: t('dashboard.more', { n: total - shown }) }) : null);
  fill(main,
    el('div', { class: 'title-row' }, el('h1', { 'data-i18n': 'dashboard.title', text: t('dashboard.title') }),
      el('span', { class: 'muted', id: 'dashboard-today', text: fmtDate(agenda.today) })),
    profile
      ? el('p', { class: 'muted', id: 'dashboard-firm', text: profile.name })
      : el('div', { class: 'panel' },
        el('p', { text: t('dashboard.setup') }),
        el('a', { href: '#settings', id: 'dashboard-setup', text: t('dashboard.setup_link') })),
    el('div', { class: 'agenda-grid', id: 'today' },
      el('div', { class: 'card', id: 'today-follow-ups' }, el('h2', { text: t('dashboard.due') }),
        el('div', { class: 'big', text: String(agenda.due_total) }),
        el('div', { class: lateFollowUps ? 'overdue' : 'muted', text: lateFollowUps ? t('dashboard.late_follow_ups', { n: lateFollowUps }) : t('dashboard.on_time') })),
      el('div', { class: 'card', id: 'today-letters' }, el('h2', { text: t('dashboard.letters_due') }),
        el('ul', { class: 'stage-list' }, choices.letter_stages.map((s, i) => el('li', {},
          el('a', { href: `#collections/${s}`, text: t(`letter.kind.${s}`) }), counts[i])))),
      el('div', { class: 'card', id: 'today-receivables' }, el('h2', { text: t('dashboard.receivables') }),
        receivables.currencies.length
          ? el('ul', { class: 'stage-list' }, receivables.currencies.map((c) => el('li', {},
            el('span', { text: t('dashboard.open_in', { currency: c.currency }) }), el('strong', { class: 'nowrap', text: fmtMoney(c.total, c.currency) }))))
          : el('p', { class: 'muted', text: t('aging.none') }),
        el('a', { href: '#collections', text: t('dashboard.to_collections') })),
      backupCard(backup)),
    dashboardClocks(),
    el('section', { class: 'panel', id: 'agenda' },
      el('h2', { text: t('dashboard.due') }),
      agenda.due.length
        ? el('table', { id: 'due-follow-ups' }, el('tbody', {}, agenda.due.map((f) => el('tr', {},
          el('td', { class: `nowrap${f.due_on < agenda.today ? ' overdue' : ''}`, text: fmtDate(f.due_on) }),
          el('td', {}, el('a', { href: `#client/${f.client_id}`, text: f.client_name })),
          el('td', { text: systemText(f.title) }),
          el('td', {}, completeControls(f, ctx))))))
        : el('p', { class: 'empty', text: t('dashboard.nothing_due') }),
      more(agenda.due.length, agenda.due_total)),
    aging,
    el('section', { class: 'panel', id: 'rhythm' },
      el('h2', { text: t('dashboard.rhythm', { n: agenda.contacts_per_month }) }),
      agenda.behind_rhythm.length
        ? el('ul', { id: 'behind-rhythm' }, agenda.behind_rhythm.map((r) => el('li', {},
          el('a', { href: `#client/${r.client_id}`, text: r.client_name }), ` — ${t('dashboard.contacts', { n: r.contacts })}`)))
        : el('p', { class: 'empty', text: t('dashboard.rhythm_ok') }),
      more(agenda.behind_rhythm.length, agenda.behind_total)),
    el('h2', { text: t('dashboard.activity') }),
    activity.length
      ? el('table', {},
        el('thead', {}, el('tr', {}, el('th', { text: t('dashboard.when') }), el('th', { text: t('dashboard.what') }))),
        el('tbody', {}, activity.map((a) => el('tr', {},
          el('td', { class: 'nowrap', text: fmtDateTime(a.at) }),
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
  // A new practice on a new computer: the practice may be waiting in a backup.
  if (b.practice_is_new) lines.push(el('div', { id: 'dashboard-restore', text: t('restore.from_dashboard') }));
  return el('div', { class: 'card' },
    el('div', { class: 'muted', text: t('backup.title') }), ...lines,
    el('a', { href: '#settings', text: t('backup.to_settings') }));
}
