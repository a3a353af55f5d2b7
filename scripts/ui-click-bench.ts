// The Train click's frame (developer script, not a test): opens a template, clicks Train and
// reports the longest frame gap and long animation frame (LoAF) in the second after the click,
// for each static build given, alternating (paired), with the load average.
//   npx tsx scripts/ui-click-bench.ts [--template lenet] [--rounds 3] [--loaf] DIR_A DIR_B ...  (DIR: a dist/renderer)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { launchBrowser, openApp, startServe } from '../test/e2e/helpers';

const TEMPLATE: Record<string, RegExp> = { mlp: /Template MNIST MLP/, lenet: /Template MNIST LeNet/ };
const argv = process.argv.slice(2);
const flag = (n: string, d: string) => (argv.includes(n) ? argv[argv.indexOf(n) + 1] : d);
const VALUED = ['--template', '--rounds'];
// Absolute: the server resolves --static from its own working directory.
const dirs = argv.filter((a, i) => !a.startsWith('--') && !VALUED.includes(argv[i - 1])).map((d) => path.resolve(d));
const template = flag('--template', 'lenet');
const rounds = Number(flag('--rounds', '3'));

async function once(dir: string): Promise<{ frame: number; loaf: number; over50: number; worst: unknown }> {
  const serve = await startServe({ staticDir: dir });
  const browser = await launchBrowser();
  try {
    const { page } = await openApp(browser, serve.url);
    // The start screen, or a reopened project: New shows the templates.
    const button = page.getByRole('button', { name: TEMPLATE[template] });
    if (!(await button.isVisible())) await page.getByRole('button', { name: 'New', exact: true }).click();
    await button.click();
    await page.getByText('● connected').waitFor();
    await page.waitForTimeout(1500);
    // A string, not a function: tsx's name helpers do not exist in the page.
    await page.evaluate(`(() => {
      window.__gaps = []; window.__loaf = []; let last = 0;
      function tick(t) { if (last) window.__gaps.push(t - last); last = t; requestAnimationFrame(tick); }
      requestAnimationFrame(tick);
      new PerformanceObserver((l) => l.getEntries().forEach((e) => { window.__loaf.push(e.duration); if (!window.__worst || e.duration > window.__worst.duration) window.__worst = { duration: e.duration, render: e.renderStart ? e.startTime + e.duration - e.renderStart : 0, style: e.styleAndLayoutStart ? e.startTime + e.duration - e.styleAndLayoutStart : 0, scripts: e.scripts.map((x) => ({ d: Math.round(x.duration), inv: x.invoker, fn: x.sourceFunctionName, forced: Math.round(x.forcedStyleAndLayoutDuration) })) }; })).observe({ type: 'long-animation-frame' });
    })()`);
    await page.waitForTimeout(300);
    await page.getByRole('button', { name: 'Train', exact: true }).click();
    await page.waitForTimeout(1000);
    const r = await page.evaluate(() => {
      const w = window as unknown as { __gaps: number[]; __loaf: number[] };
      return { frame: Math.max(...w.__gaps), loaf: Math.max(0, ...w.__loaf), over50: w.__gaps.filter((g) => g > 50).length, worst: (w as unknown as { __worst: unknown }).__worst };
    });
    await page.getByRole('button', { name: 'Stop' }).click().catch(() => {});
    return r;
  } finally {
    await browser.close();
    await serve.stop();
  }
}

async function main(): Promise<void> {
  for (let r = 0; r < rounds; r++)
    for (const dir of dirs) {
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ');
      const x = await once(dir);
      console.log(JSON.stringify({ round: r + 1, build: dir, template, longest_frame_ms: Math.round(x.frame), longest_loaf_ms: Math.round(x.loaf), frames_over_50ms: x.over50, load, ...(argv.includes('--loaf') ? { worst_loaf: x.worst } : {}) }));
    }
}
void main();
