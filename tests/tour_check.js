// Executed in the real window by tests/e2e.rs (the tour): what a lawyer would trip over on
// the screen now shown. arguments[0]: every catalog key; arguments[1]: the UI language.
// Returns a list of problems (empty when the screen is right).
const [keys, lang] = arguments;
const problems = [];
const say = (what, node) => {
  const id = node && node.id ? `#${node.id}` : '';
  const cls = node && node.className && typeof node.className === 'string' ? `.${node.className.split(' ')[0]}` : '';
  problems.push(`${what}${node ? ` [${node.tagName ? node.tagName.toLowerCase() : ''}${id}${cls}]` : ''}`);
};
const visible = (e) => {
  if (!e.isConnected || e.closest('[hidden]')) return false;
  const s = getComputedStyle(e);
  if (s.display === 'none' || s.visibility === 'hidden') return false;
  const r = e.getBoundingClientRect();
  return r.width > 0 && r.height > 0;
};

// 1. Raw values and catalog keys in what is shown: text, option labels, placeholders, values.
const texts = [document.body.innerText];
document.querySelectorAll('option, input, textarea').forEach((e) => {
  if (e.tagName === 'OPTION') texts.push(e.textContent);
  else if (e.type !== 'hidden' && e.type !== 'file') texts.push(e.placeholder || '', e.value || '');
});
const shown = texts.join('\n');
for (const re of [/\bnull\b/, /\bundefined\b/, /\bNaN\b/, /\[object /, /tauri:\/\//, /https?:\/\/\S*localhost/, /\{\w+\}/]) {
  const m = re.exec(shown);
  if (m) say(`raw value ${JSON.stringify(shown.slice(Math.max(0, m.index - 30), m.index + 30))}`);
}
const words = new Set(shown.split(/[\s,;:()«»"“”·—]+/));
for (const k of keys) if (words.has(k)) say(`catalog key shown: ${k}`);
if (lang !== 'en') {
  for (const english of ['prepayment', 'installment', 'a day', 'accepted quote', 'follow-up after payment', 'arrives with its release']) {
    if (shown.includes(english)) say(`English left in ${lang}: ${english}`);
  }
}
// A screen that failed to render shows only its error.
const failed = document.querySelector('main > p.form-error:first-child');
if (failed && failed.textContent) say(`screen failed: ${failed.textContent}`);

// 2. Controls inside the window and not on top of each other.
const controls = [...document.querySelectorAll('#main button, #main input:not([type=hidden]):not(.visually-hidden), #main select, #main textarea, #main a.button, #main label.button, #nav a')]
  .filter(visible);
const W = document.documentElement.clientWidth;
const rects = controls.map((e) => e.getBoundingClientRect());
controls.forEach((e, i) => {
  const r = rects[i];
  if (r.left < -1 || r.right > W + 1) say(`outside the window (${Math.round(r.left)}–${Math.round(r.right)} of ${W})`, e);
  // Text cut off inside a button or select.
  if ((e.tagName === 'BUTTON' || e.classList.contains('button')) && e.scrollWidth > e.clientWidth + 2) say('label cut off', e);
  if (e.tagName === 'SELECT' && e.selectedOptions[0]) {
    const ctx = (window.__tourCanvas = window.__tourCanvas || document.createElement('canvas')).getContext('2d');
    const s = getComputedStyle(e);
    ctx.font = `${s.fontWeight} ${s.fontSize} ${s.fontFamily}`;
    const need = ctx.measureText(e.selectedOptions[0].textContent).width;
    const room = e.clientWidth - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight) - 6;
    if (need > room + 2) say(`select cut off: ${e.selectedOptions[0].textContent}`, e);
  }
});
for (let i = 0; i < controls.length; i += 1) {
  for (let j = i + 1; j < controls.length; j += 1) {
    const a = rects[i]; const b = rects[j];
    const x = Math.min(a.right, b.right) - Math.max(a.left, b.left);
    const y = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
    if (x > 2 && y > 2 && !controls[i].contains(controls[j]) && !controls[j].contains(controls[i])) {
      say(`overlaps ${controls[j].id || controls[j].tagName.toLowerCase()}`, controls[i]);
    }
  }
}

// The page never scrolls sideways: name the outermost element that sticks out.
const content = document.querySelector('.content');
for (const box of [content, document.documentElement]) {
  if (box.scrollWidth <= box.clientWidth + 1) continue;
  const out = [...document.querySelectorAll('body *')].filter((e) => visible(e) && e.getBoundingClientRect().right > W + 1);
  const outer = out.filter((e) => !out.includes(e.parentElement)).slice(0, 3);
  say(`the page scrolls sideways (${box.scrollWidth} > ${box.clientWidth})`, outer[0] || box);
}

// 3. Amounts, dates and menu entries on one line; checkbox labels beside their boxes.
const lines = (e) => {
  const r = document.createRange();
  r.selectNodeContents(e);
  const tops = new Set([...r.getClientRects()].filter((q) => q.width > 0).map((q) => Math.round(q.top)));
  return tops.size;
};
document.querySelectorAll('#main td.num, #main .nowrap, #main .badge, #nav a, #main dd.num').forEach((e) => {
  if (visible(e) && !e.querySelector('br, input, select, button') && lines(e) > 1) say(`wraps: ${e.textContent.trim()}`, e);
});
document.querySelectorAll('#main label.check').forEach((l) => {
  const box = l.querySelector('input');
  const text = l.querySelector('span');
  if (!box || !text || !visible(l)) return;
  const a = box.getBoundingClientRect(); const b = text.getBoundingClientRect();
  if (Math.abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) > 8 || b.left < a.right) say('checkbox label not beside its box', l);
});
return problems;
