#!/usr/bin/env node
// Opens a study report (index.html, from disk) in headless Chromium and saves screenshots of its sections, to check
// what a reader sees: node scripts/screenshot-report.mjs REPORT_DIR [OUT_DIR] [CHROMIUM]
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';

const [reportDir, outDir = join(reportDir ?? '.', 'screenshots'), executablePath = '/usr/bin/chromium'] =
  process.argv.slice(2);
if (!reportDir) {
  console.error('usage: node scripts/screenshot-report.mjs REPORT_DIR [OUT_DIR] [CHROMIUM]');
  process.exit(2);
}
mkdirSync(outDir, { recursive: true });
const browser = await chromium.launch({ executablePath, args: ['--no-sandbox'] });
try {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('requestfailed', (request) => errors.push(`failed: ${request.url()}`));
  await page.goto(pathToFileURL(resolve(reportDir, 'index.html')).href, { waitUntil: 'load' });
  await page.screenshot({ path: join(outDir, 'top.png') });
  const sections = await page.$$eval('h2[id]', (headings) => headings.map((heading) => heading.id));
  for (const id of sections) {
    await page.evaluate((target) => {
      document.getElementById(target)?.scrollIntoView();
      window.scrollBy(0, -40);
    }, id);
    await page.waitForTimeout(300);
    await page.screenshot({ path: join(outDir, `${id}.png`) });
  }
  // One opened failure gallery.
  const opened = await page.evaluate(() => {
    const details = document.querySelector('#class-deer ~ details') ?? document.querySelector('details');
    if (!details) return false;
    details.open = true;
    details.scrollIntoView();
    return true;
  });
  if (opened) {
    await page.waitForTimeout(800);
    await page.screenshot({ path: join(outDir, 'failures-open.png') });
  }
  console.log(`${sections.length + 1 + (opened ? 1 : 0)} screenshots in ${outDir}`);
  if (errors.length > 0) console.log(`problems:\n${errors.slice(0, 20).join('\n')}`);
} finally {
  await browser.close();
}
