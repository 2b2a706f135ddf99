// The shell: reads the status, picks the language, routes between screens, keyboard
// shortcuts, and tells Rust when the first screen is painted.
import { call, errorText } from './api.js';
import { setLanguage, osLanguage, t, onLanguageChange } from './i18n.js';
import * as dashboard from './views/dashboard.js';
import * as settings from './views/settings.js';
import * as clients from './views/clients.js';
import * as client from './views/client.js';
import * as matters from './views/matters.js';
import { renderComing } from './views/coming.js';

const SCREENS = ['dashboard', 'clients', 'matters', 'fees', 'collections', 'letters', 'settings'];
const views = {
  dashboard: dashboard.render,
  settings: settings.render,
  clients: clients.render,
  matters: matters.render,
  client: client.render,
  fees: renderComing('fees'),
  collections: renderComing('collections'),
  letters: renderComing('letters'),
};

const ctx = { status: null, rerender: () => route() };
const main = document.getElementById('main');
const banner = document.getElementById('banner');

// `#clients`, `#client/12`: a screen and an optional parameter.
function currentRoute() {
  const [name, param] = location.hash.replace('#', '').split('/');
  if (name === 'client' && param) return { screen: 'client', nav: 'clients', param };
  return SCREENS.includes(name) ? { screen: name, nav: name } : { screen: 'dashboard', nav: 'dashboard' };
}

async function route() {
  const { screen, nav, param } = currentRoute();
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.id === `nav-${nav}`) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  document.title = `${t(`nav.${nav}`)} · Lawdesk`;
  if (!ctx.status) return;
  try {
    await views[screen](main, ctx, param);
  } catch (err) {
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

async function start() {
  window.addEventListener('hashchange', route);
  document.addEventListener('keydown', keyboard);
  onLanguageChange(() => {
    if (ctx.status && ctx.status.network_filesystem) showBanner(t('banner.network_fs'));
  });
  try {
    ctx.status = await call('app_status');
    setLanguage(ctx.status.ui_language || osLanguage());
    if (ctx.status.network_filesystem) showBanner(t('banner.network_fs'));
  } catch (err) {
    setLanguage(osLanguage());
    showBanner(`${errorText(err)} (${err.code})`, 'error');
    main.replaceChildren();
  }
  await route();
  requestAnimationFrame(() => requestAnimationFrame(() => { call('ui_ready').catch(() => {}); }));
}

start();
