// Debian's headless Chromium (/usr/bin/chromium) through playwright-core,
// with a fresh profile folder, and one page that collects console errors.
import { chromium } from 'playwright-core';

/// {browser, page, errors}: `errors` fills with console errors, page
/// errors and failed requests. Close `browser` when done.
export async function openPage(profileDir, viewport) {
  // playwright passes the profile folder as --user-data-dir.
  const browser = await chromium.launchPersistentContext(profileDir, {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    viewport,
  });
  const page = browser.pages()[0] ?? await browser.newPage();
  const errors = [];
  page.on('console', (msg) => { if (msg.type() === 'error') errors.push(msg.text()); });
  page.on('pageerror', (err) => errors.push(String(err)));
  page.on('requestfailed', (req) => errors.push(`request failed: ${req.url()}`));
  return { browser, page, errors };
}
