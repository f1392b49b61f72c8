/**
 * Renders the job summary of each outcome (the golden test's cases) in headless Chromium, styled
 * like GitHub's job summary, and writes one PNG per outcome, for a person to look at:
 *   npx tsx scripts/render-summaries.ts [out-dir]   (default summary-screenshots/, git-ignored)
 * Set-up on Debian: apt-get install chromium fonts-noto-color-emoji. Without the emoji font every
 * status mark (✅ ⚠️ ❌ ⏱️ ⏹️ ▶️ ⏭️) renders as an empty box.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { renderSummary, SUMMARY_CASES } from '../tools/summaries.js';

const out = path.resolve(process.argv[2] ?? 'summary-screenshots');
mkdirSync(out, { recursive: true });
const scratch = mkdtempSync(path.join(tmpdir(), 'kendra-sync-render-'));

/** Close to GitHub's markdown-body styles for a job summary. */
const STYLE = `
body { font-family: -apple-system, BlinkMacSystemFont, "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif, "Noto Color Emoji";
  font-size: 14px; line-height: 1.5; color: #1f2328; background: #fff; margin: 0; padding: 16px 24px; }
h3 { font-size: 1.25em; font-weight: 600; margin: 8px 0 16px; }
h4 { font-size: 1em; font-weight: 600; margin: 24px 0 8px; }
table { border-spacing: 0; border-collapse: collapse; display: block; width: max-content; max-width: 100%; overflow: auto; margin: 0 0 16px; }
th, td { padding: 6px 13px; border: 1px solid #d1d9e0; }
th { font-weight: 600; } tr:nth-child(2n) { background: #f6f8fa; }
a { color: #0969da; text-decoration: none; }
code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 85%; padding: .2em .4em; background: #818b981f; border-radius: 6px; }
ul { padding-left: 2em; } p { margin: 8px 0 16px; }
`;

const chromium = ['chromium', 'chromium-browser'].find((name) => {
  try {
    execFileSync('which', [name], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
});
if (!chromium) {
  console.error('No chromium on PATH: apt-get install chromium fonts-noto-color-emoji');
  process.exit(1);
}

// Without it the PNGs still come out, with a box for every mark: say so before a person looks.
const fonts = (() => {
  try {
    return execFileSync('fc-list', [], { encoding: 'utf8' });
  } catch {
    return '';
  }
})();
if (!fonts.includes('Noto Color Emoji')) {
  console.error(
    'No Noto Color Emoji font: every status mark will be a box (apt-get install fonts-noto-color-emoji).',
  );
}

for (const summaryCase of SUMMARY_CASES) {
  const html = await renderSummary(summaryCase, path.join(scratch, 'summary.html'));
  const page = path.join(scratch, `${summaryCase.name}.html`);
  writeFileSync(
    page,
    `<!doctype html><meta charset="utf-8"><style>${STYLE}</style><body>${html}</body>`,
  );
  const png = path.join(out, `${summaryCase.name}.png`);
  execFileSync(
    chromium,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--hide-scrollbars',
      '--window-size=1400,520',
      `--screenshot=${png}`,
      `file://${page}`,
    ],
    { stdio: 'ignore' },
  );
  console.log(png);
}
