// Collections: the day's due actions of the dunning ladder, reviewed and confirmed here
// (nothing leaves unseen), with progress and cancel; overdue clients by stage; holds and
// payment arrangements and the firm's ladder (panels/collections_holds.js); the legal clocks
// (panels/clocks.js).
import { call, errorText } from '../api.js';
import { t, has } from '../i18n.js';
import { el, fill, confirmAct, toast } from '../dom.js';
import { checkbox, checkLabel } from '../forms.js';
import { fmtMoney } from '../money.js';
import { fmtDate } from '../dates.js';
import { holdsPanel, arrangementsPanel, ladderPanel } from '../panels/collections_holds.js';
import { clocksSection } from '../panels/clocks.js';

const stageName = (code, ladder) => {
  const s = ladder.find((x) => x.code === code);
  const key = `collections.stage.${code}`;
  return has(key) ? t(key) : (s ? `${code} (${t(`collections.action.${s.action}`)})` : code);
};

const amounts = (list) => list.map((a, i) => [i ? el('br') : null, fmtMoney(a.amount, a.currency)]);

// "Arrangement #3 (client) missed on …: the ladder resumes" / "kept in full".
function endedNotes(ended) {
  if (!ended.length) return null;
  return el('ul', { id: 'collections-ended', class: 'notes' }, ended.map((a) => el('li', { class: a.outcome === 'missed' ? 'overdue' : '' },
    a.outcome === 'missed'
      ? t('collections.arrangement_missed', { id: a.arrangement_id, client: a.client_name, date: fmtDate(a.missed_on), short: fmtMoney(a.short.amount, a.short.currency) })
      : t('collections.arrangement_kept', { id: a.arrangement_id, client: a.client_name }))));
}

function dueRow(d, ladder) {
  const box = checkbox({ checked: true, 'data-client': d.client_id, 'data-stage': d.stage, 'aria-label': d.client_name });
  return el('tr', { 'data-client': d.client_id },
    el('td', {}, box),
    el('td', {}, el('a', { href: `#client/${d.client_id}`, text: d.client_name })),
    el('td', {}, stageName(d.stage, ladder),
      d.skipped.length ? el('div', { class: 'muted skipped', text: t('collections.skipped', { stages: d.skipped.map((s) => stageName(s, ladder)).join(', ') }) }) : null),
    el('td', { text: t(`collections.channel.${d.channel}`) }),
    el('td', { class: 'num', text: String(d.invoices.length) }),
    el('td', { class: 'num overdue' }, amounts(d.overdue)),
    el('td', { class: 'num', text: t('fees.days_late', { n: d.days_overdue }) }));
}

// What became of an e-mail stage's letter: sent to whom, or kept but not sent.
function emailNote(email) {
  if (!email) return null;
  return email.email === 'sent'
    ? el('span', { class: 'email-sent', text: ` · ${t('collections.email_sent', { to: email.to })}` })
    : el('span', { class: 'muted', text: ` · ${t('collections.email_not_sent')}` });
}

// Runs the confirmed actions, polling progress; Cancel stops after the current one.
async function runPicked(view, picks, allowMissing, parts) {
  const { bar, status, results, start, cancel } = parts;
  start.disabled = true; cancel.hidden = false; bar.hidden = false; results.replaceChildren();
  const timer = setInterval(async () => {
    const [done, total] = await call('letter_batch_progress');
    bar.max = Math.max(total, 1); bar.value = done;
    status.textContent = t('collections.running', { done, total });
  }, 150);
  try {
    const out = await call('collections_run', { asOf: view.as_of, picks, allowMissing });
    status.textContent = t(out.cancelled ? 'collections.run_cancelled' : 'collections.run_done', { n: out.done.length, total: out.total });
    fill(results, el('ul', { id: 'collections-done' }, out.done.map((d) => el('li', { 'data-client': d.client_id },
      `${d.client_name} · ${stageName(d.stage, view.ladder)}`, d.number ? ' · ' : null,
      d.letter_id ? el('a', { href: `#letter/${d.letter_id}`, text: d.number }) : null,
      emailNote(d.email)))),
    out.failed.length ? el('ul', { id: 'collections-failed', class: 'form-error' }, out.failed.map((f) => el('li', {}, `${f.client_id} · ${stageName(f.stage, view.ladder)}: ${errorText(f.error)}`))) : null);
    toast(t('collections.run_done', { n: out.done.length, total: out.total }));
  } catch (err) { status.textContent = errorText(err); }
  clearInterval(timer);
  start.disabled = false; cancel.hidden = true;
}

function duePanel(view, rerender) {
  const { due, ladder } = view;
  const table = el('table', { class: 'list', id: 'collections-due' },
    el('thead', {}, el('tr', {}, ['', 'fees.client', 'collections.stage', 'collections.channel', 'collections.invoices', 'aging.overdue', 'collections.days']
      .map((k) => el('th', { text: k ? t(k) : '' })))),
    el('tbody', {}, due.map((d) => dueRow(d, ladder))));
  const allowMissing = checkbox({ id: 'collections-allow-missing' });
  const parts = {
    bar: el('progress', { id: 'collections-progress', max: 1, value: 0, hidden: true }),
    status: el('p', { id: 'collections-status', class: 'muted', 'aria-live': 'polite' }),
    results: el('div', { id: 'collections-results' }),
    start: el('button', { type: 'button', class: 'primary', id: 'collections-confirm', text: t('collections.confirm') }),
    cancel: el('button', { type: 'button', id: 'collections-cancel', text: t('form.cancel'), hidden: true, onclick: () => call('cancel_letter_batch') }),
  };
  parts.start.addEventListener('click', async () => {
    const picks = [...table.querySelectorAll('tbody input:checked')].map((b) => ({ client_id: Number(b.dataset.client), stage: b.dataset.stage }));
    if (!picks.length) { parts.status.textContent = t('collections.none_picked'); return; }
    if (!(await confirmAct(t('collections.confirm_text', { n: picks.length }), t('collections.confirm')))) return;
    await runPicked(view, picks, allowMissing.checked, parts);
    rerender(parts.results);
  });
  return el('section', { class: 'panel', id: 'collections-run' },
    el('h2', { text: `${t('collections.due_today', { date: fmtDate(view.as_of) })} · ${due.length}` }),
    endedNotes(view.arrangements_ended),
    due.length ? [el('p', { class: 'muted', text: t('collections.review_hint') }), table,
      checkLabel(allowMissing, t('collections.allow_missing')),
      el('div', { class: 'actions' }, parts.start, parts.cancel, parts.bar)]
      : el('p', { class: 'empty', id: 'collections-nothing-due', text: t('collections.nothing_due') }),
    parts.status, parts.results);
}

function clientRow(c, ladder) {
  return el('tr', { 'data-client': c.client_id },
    el('td', {}, el('a', { href: `#client/${c.client_id}`, text: c.client_name })),
    el('td', { class: 'num', text: String(c.invoices) }),
    el('td', { class: 'num overdue' }, amounts(c.overdue)),
    el('td', { class: 'num', text: t('fees.days_late', { n: c.days_overdue }) }),
    el('td', { class: 'next' }, c.held ? el('span', { class: 'tag', text: t(`collections.reason.${c.held}`) })
      : c.due ? el('strong', { text: t('collections.due_now', { stage: stageName(c.due, ladder) }) })
        : c.next_stage ? t('collections.next_on', { stage: stageName(c.next_stage, ladder), date: fmtDate(c.next_on) }) : '—'),
    el('td', { class: 'clock', 'data-client': c.client_id }));
}

// Each overdue client's clock that runs out first, with the rule it follows (filled when
// the clocks arrive; the list comes sorted by last day).
function fillClocks(list) {
  const first = new Map();
  for (const c of list) if (!first.has(c.client_id)) first.set(c.client_id, c);
  for (const td of document.querySelectorAll('#collections-stages td.clock')) {
    const c = first.get(Number(td.dataset.client));
    if (!c) continue;
    td.replaceChildren(
      el('span', { class: c.warning ? 'overdue' : '', text: t('collections.clock_until', { kind: t(`clocks.kind.${c.kind}`), date: fmtDate(c.runs_out) }) }),
      el('div', { class: 'muted small rule', text: c.rule }));
  }
}

// Overdue clients grouped by the last stage done for them ("none yet" first).
function stagesPanel(view) {
  const groups = [null, ...view.ladder.map((s) => s.code)];
  const sections = groups.map((code) => {
    const list = view.clients.filter((c) => (c.stage || null) === code);
    if (!list.length) return null;
    return el('div', { class: 'stage-group', id: `stage-${code || 'none'}` },
      el('h3', { text: `${code ? stageName(code, view.ladder) : t('collections.no_stage_yet')} · ${list.length}` }),
      el('table', { class: 'list' },
        el('thead', {}, el('tr', {}, ['fees.client', 'collections.invoices', 'aging.overdue', 'collections.days', 'collections.next', 'collections.clock']
          .map((k) => el('th', { text: t(k) })))),
        el('tbody', {}, list.map((c) => clientRow(c, view.ladder)))));
  });
  return el('section', { class: 'panel', id: 'collections-stages' },
    el('h2', { text: `${t('collections.by_stage')} · ${view.clients.length}` }),
    view.clients.length ? sections : el('p', { class: 'empty', id: 'collections-empty', text: t('aging.nothing_overdue') }));
}

export async function render(main, ctx, focus) {
  // Every overdue client's clocks, computed once for the stage tables and the clocks panel.
  const clocks = call('legal_clocks', { asOf: null });
  const [view, holds, arrangements, overdue] = await Promise.all([
    call('collections_overview', { asOf: null }), call('collection_holds', { client: null }),
    call('collection_arrangements', { client: null }), call('list_invoices', { filter: { status: 'overdue', limit: 10000 } })]);
  const rerender = (keep) => render(main, ctx, focus).then(() => {
    const slot = document.getElementById('collections-results');
    if (keep && slot) slot.replaceChildren(...keep.childNodes);
  });
  const clients = view.clients.map((c) => [c.client_id, c.client_name]);
  fill(main,
    el('h1', { text: t('nav.collections') }),
    el('p', { class: 'muted', text: t('collections.intro') }),
    duePanel(view, rerender),
    stagesPanel(view),
    holdsPanel(holds, clients, overdue, () => rerender()),
    arrangementsPanel(arrangements, clients, () => rerender()),
    clocksSection(clocks),
    ladderPanel(view.ladder, () => rerender()));
  setBadge(view.due.length);
  clocks.then(fillClocks).catch(() => {});
  if (focus) {
    setTimeout(() => { const s = document.getElementById(`stage-${focus}`) || document.getElementById(`collections-${focus}`); if (s) s.scrollIntoView({ block: 'start' }); }, 0);
  }
}

// The daily run's check, on start and whenever the local date changes while the window is
// open: counts the due actions on the Collections tab. It only computes; doing them waits
// for the lawyer's confirmation on the screen.
let checkedOn = null;
function setBadge(n) {
  const badge = document.getElementById('collections-badge');
  if (!badge) return;
  badge.textContent = n ? String(n) : '';
  badge.title = t('collections.badge', { n });
  badge.hidden = !n;
}

export async function dailyCheck(today) {
  if (!today || today === checkedOn) return;
  checkedOn = today;
  try {
    const view = await call('collections_overview', { asOf: null });
    setBadge(view.due.length);
  } catch { checkedOn = null; }
}
