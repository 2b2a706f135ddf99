// Import a client list (CSV or XLSX): choose the file, check the column mapping on a
// preview, dry-run, then import; rejected rows are listed with their row number and reason.
import { call, errorText, fieldErrorText, actionErrorText } from '../api.js';
import { t } from '../i18n.js';
import { el, toast, fill } from '../dom.js';
import { readFile, fileChooser, selectInput } from '../forms.js';

export function importPanel(ctx) {
  let upload = null;
  let report = null;
  const chooser = fileChooser({ id: 'import-file', accept: '.csv,.txt,.xlsx,.xls,.ods,text/csv' }, 'import.choose', { id: 'import-file-name' });
  const area = el('div', { id: 'import-preview' });
  const result = el('div', { id: 'import-result', 'aria-live': 'polite' });

  function mapping() {
    return [...area.querySelectorAll('select.map')].map((s) => s.value);
  }

  function showRejected(r) {
    if (!r.rejected.length) return null;
    return el('table', { id: 'import-rejected' },
      el('thead', {}, el('tr', {}, el('th', { text: t('import.row') }), el('th', { text: t('import.field') }), el('th', { text: t('import.reason') }))),
      el('tbody', {}, r.rejected.map((x) => el('tr', {},
        el('td', { text: String(x.row) }),
        el('td', { text: x.field ? t(`client.${x.field}`) : '' }),
        el('td', { text: fieldErrorText(x.code) })))));
  }

  async function run(dryRun) {
    fill(result);
    try {
      report = await call('import_clients', { file: upload, mapping: report ? mapping() : null, dryRun });
      renderPreview();
      const summary = dryRun
        ? t('import.dry_summary', { ok: report.imported, bad: report.rejected.length })
        : t('import.summary', { ok: report.imported, bad: report.rejected.length });
      const ignored = report.ignored.length
        ? el('p', { class: 'warn-text', id: 'import-ignored', text: t('import.ignored', { columns: report.ignored.join(', ') }) })
        : null;
      fill(result, el('p', { class: report.rejected.length ? 'warn-text' : 'ok-text', id: 'import-summary', text: summary }), ignored, showRejected(report));
      if (!dryRun) { toast(summary); upload = null; }
    } catch (err) {
      fill(result, el('p', { class: 'form-error', id: 'import-error', text: err.code === 'validation' && err.fields && err.fields.length ? fieldErrorText(err.fields[0].code) : errorText(err) }));
    }
  }

  function renderPreview() {
    const options = [['', t('import.ignore')], ...report.fields.map((f) => [f, t(`client.${f}`)])];
    fill(area,
      el('p', { class: 'muted', text: t('import.detected', { format: report.format.toUpperCase(), encoding: report.encoding }) }),
      el('div', { class: 'scroll' }, el('table', { class: 'preview' },
        el('thead', {},
          el('tr', {}, report.headers.map((h) => el('th', { text: h }))),
          el('tr', {}, report.mapping.map((m, i) => el('th', {},
            selectInput({ class: 'map', 'aria-label': `${t('import.column')} ${report.headers[i]}` }, options, m))))),
        el('tbody', {}, report.preview.map((row) => el('tr', {}, row.map((c) => el('td', { text: c }))))))),
      el('div', { class: 'actions' },
        el('button', { type: 'button', id: 'import-dry-run', text: t('import.dry_run'), onclick: () => run(true) }),
        el('button', { type: 'button', class: 'primary', id: 'import-run', text: t('import.run'), onclick: async () => { await run(false); ctx.rerender(); } })));
  }

  chooser.input.addEventListener('change', async () => {
    const file = chooser.input.files[0];
    if (!file) return;
    upload = await readFile(file);
    report = null;
    await run(true);
  });

  return el('section', { class: 'panel', id: 'import-panel' },
    el('h2', { text: t('import.title') }),
    el('p', { class: 'hint', text: t('import.hint') }),
    el('div', { class: 'actions' }, chooser.input, chooser.button, chooser.names,
      el('button', { type: 'button', id: 'export-run', text: t('import.export'), onclick: async () => {
        try {
          const saved = await call('export_clients', { title: t('import.export_title') });
          if (saved) toast(t('import.exported', { count: saved.exported, path: saved.path }));
        } catch (err) { toast(actionErrorText(err), 'error'); }
      } })),
    area, result);
}
