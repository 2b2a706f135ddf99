// The shell: reads the status, picks the language, routes between screens, keyboard
// shortcuts, and tells Rust when the first screen is painted.
import { call, errorText } from './api.js';
import { setLanguage, osLanguage, chosenLanguage, t, onLanguageChange } from './i18n.js';
import { syncToday, todayIso } from './dates.js';
import * as dashboard from './views/dashboard.js';
import * as settings from './views/settings.js';
import * as clients from './views/clients.js';
import * as client from './views/client.js';
import * as matters from './views/matters.js';
import * as fees from './views/fees.js';
import * as quote from './views/quote.js';
import * as engagement from './views/engagement.js';
import * as invoice from './views/invoice.js';
import * as payment from './views/payment.js';
import * as matter from './views/matter.js';
import * as letter from './views/letter.js';
import * as letters from './views/letters.js';
import * as collections from './views/collections.js';
import { showLock, watchIdle, isLocked } from './views/lock.js';
import * as recover from './views/recover.js';
import { sayAfterReload } from './panels/backup.js';
import { setChoices } from './choices.js';

const SCREENS = ['dashboard', 'clients', 'matters', 'fees', 'collections', 'letters', 'settings'];
const views = {
  dashboard: dashboard.render,
  settings: settings.render,
  clients: clients.render,
  matters: matters.render,
  client: client.render,
  fees: fees.render,
  quote: quote.render,
  engagement: engagement.render,
  invoice: invoice.render,
  payment: payment.render,
  matter: matter.render,
  letter: letter.render,
  collections: collections.render,
  letters: letters.render,
};

const ctx = { status: null, rerender: () => route() };
const main = document.getElementById('main');
const banner = document.getElementById('banner');

// `#clients`, `#client/12`, `#fees/invoices`, `#quote/new/12` (a new quote for client 12):
// a screen and up to two parameters.
const FEES_SCREENS = ['quote', 'engagement', 'invoice', 'payment'];
function currentRoute() {
  const [name, param, extra, more] = location.hash.replace('#', '').split('/');
  if (name === 'client' && param) return { screen: 'client', nav: 'clients', param, extra };
  if (name === 'matter' && param) return { screen: 'matter', nav: 'matters', param };
  if (name === 'letter' && param) return { screen: 'letter', nav: 'letters', param };
  if (FEES_SCREENS.includes(name) && param) return { screen: name, nav: 'fees', param, extra, more };
  return SCREENS.includes(name) ? { screen: name, nav: name, param, extra, more } : { screen: 'dashboard', nav: 'dashboard' };
}

let lastHash = null;
// Renders started and the newest one shown: a slow screen (the Dashboard of a large
// practice) that finishes after the user has already moved on must not stay on top of the
// screen the address names.
let started = 0;
let shown = 0;

async function route() {
  const mine = ++started;
  const { screen, nav, param, extra, more } = currentRoute();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.id === `nav-${nav}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${t(`nav.${nav}`)} · Lawdesk`;
  if (!ctx.status || isLocked()) return;
  try {
    await views[screen](main, ctx, param, extra, more);
    if (mine < shown) { route(); return; }
    shown = mine;
    // A new page opens at its top (a re-render after a change keeps the place).
    if (location.hash !== lastHash) document.querySelector('.content').scrollTop = 0;
    lastHash = location.hash;
  } catch (err) {
    if (mine < shown) { route(); return; }
    shown = mine;
    main.replaceChildren();
    const p = document.createElement('p');
    p.className = 'form-error';
    p.textContent = errorText(err);
    main.append(p);
  }
}

function showBanner(text, kind) {
  banner.textContent = text;
  banner.className = `banner ${kind || ''}`;
  banner.hidden = false;
}

function keyboard(ev) {
  if (ev.altKey && !ev.ctrlKey && !ev.metaKey && /^[1-7]$/.test(ev.key)) {
    ev.preventDefault();
    location.hash = SCREENS[Number(ev.key) - 1];
    main.focus();
  }
  if ((ev.ctrlKey || ev.metaKey) && ev.key.toLowerCase() === 's') {
    const form = document.activeElement && document.activeElement.closest('form');
    if (form) { ev.preventDefault(); form.requestSubmit(); }
  }
}

// With an app lock set, the password comes before anything else (in the user's language).
async function unlockFirst() {
  const lock = await call('lock_status').catch(() => null);
  if (!lock) return;
  if (lock.locked) {
    setLanguage(lock.ui_language || osLanguage());
    await showLock();
  }
  watchIdle(() => route());
}

async function start() {
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', keyboard);
  onLanguageChange(() => {
    if (ctx.status && ctx.status.network_filesystem) showBanner(t('banner.network_fs'));
  });
  await unlockFirst();
  try {
    // The firm's default currency (for new quotes, invoices, payments) is read alongside
    // the status, not after it: first paint waits for one round trip, not two.
    const [status, profile] = await Promise.all([call('app_status'), call('get_firm_profile').catch(() => null), syncToday()]);
    setInterval(() => { syncToday().catch(() => {}); }, 60000);
    ctx.status = status;
    setChoices(status.choices);
    ctx.defaultCurrency = profile ? profile.default_currency : null;
    setLanguage(ctx.status.ui_language || chosenLanguage() || osLanguage());
    if (ctx.status.network_filesystem) showBanner(t('banner.network_fs'));
  } catch (err) {
    setLanguage(osLanguage());
    // A folder missing its key here asks for the recovery key; anything else is said.
    if (recover.CODES.includes(err.code)) recover.render(main, err);
    else {
      showBanner(`${errorText(err)} (${err.code})`, 'error');
      main.replaceChildren();
    }
  }
  await route();
  sayAfterReload();
  requestAnimationFrame(() => requestAnimationFrame(() => { call('ui_ready').catch(() => {}); }));
  // The daily run's check: at start, then whenever the local date turns while open.
  if (ctx.status) {
    collections.dailyCheck(todayIso());
    setInterval(() => { collections.dailyCheck(todayIso()); }, 60000);
  }
}

start();
