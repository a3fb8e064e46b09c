import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { launchChromium, resolveBrowser } from '../../src/browser/chromium.js';
import { LlhlsError, LlhlsErrorCode } from '../../src/errors.js';

/**
 * A PNG of every chart of a written report.html, each with its title and caption, taken by
 * headless Chromium (found as the browser client finds it: --browser, LLHLS_BROWSER,
 * Playwright's, the system's). Returns the files written, relative to `outDir`.
 */
export async function chartPngs(
  htmlPath: string,
  outDir: string,
  chartIds: readonly string[],
  options: { browser?: string | undefined } = {},
): Promise<string[]> {
  const { executablePath } = resolveBrowser(
    options.browser === undefined ? {} : { browser: options.browser },
  );
  const browser = await launchChromium({ executablePath, headed: false });
  try {
    const page = await browser.context.newPage();
    await page.setViewportSize({ width: 1200, height: 900 });
    await page.goto(pathToFileURL(htmlPath).href);
    const drawn = await page
      .waitForSelector('body[data-charts-drawn]', { timeout: 30_000 })
      .then(() => page.getAttribute('body', 'data-charts-drawn'));
    if (Number(drawn) !== chartIds.length) {
      throw new LlhlsError(
        LlhlsErrorCode.BrowserFailed,
        `Chromium drew ${drawn} of ${chartIds.length} charts of ${htmlPath}: open it in a browser to see why, or pass --no-png`,
      );
    }
    await mkdir(join(outDir, 'charts'), { recursive: true });
    const files: string[] = [];
    for (const id of chartIds) {
      const file = join('charts', `${id}.png`);
      await page.locator(`figure:has(canvas[data-chart="${id}"])`).screenshot({ path: join(outDir, file) });
      files.push(file);
    }
    return files;
  } finally {
    await browser.close();
  }
}
