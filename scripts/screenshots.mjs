#!/usr/bin/env node
// `npm run screenshots`: the front page and an article at phone and desktop width, from a freshly
// seeded `wrangler dev` in Debian's Chromium, into docs/screenshots/ (committed; the README shows
// them). Each picture is the first screenful, what a reader sees before scrolling.
import { mkdir, writeFile } from 'node:fs/promises';
import { deflateSync, inflateSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { pngChunk } from './lib/png.mjs';
import { CHROMIUM, CHROMIUM_ARGS, DESKTOP, PHONE, startSite } from './lib/site-pages.mjs';

const OUT_DIR = 'docs/screenshots';
const SHOTS = [
  { name: 'front-page', path: '/' },
  { name: 'article', path: '/news/demo-desk/astana-novyi-most' },
];
const DEVICES = [
  { ...PHONE, options: { viewport: { width: PHONE.width, height: PHONE.height }, deviceScaleFactor: 1, isMobile: true, hasTouch: true } },
  { ...DESKTOP, options: { viewport: { width: DESKTOP.width, height: DESKTOP.height }, deviceScaleFactor: 1 } },
];

/**
 * The same image with its pixel data deflated at the highest level and every ancillary chunk
 * dropped: Chromium favours encoding speed, and these files live in git.
 */
function recompressPng(png) {
  const chunks = [];
  const idat = [];
  for (let at = 8; at < png.length; ) {
    const length = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    const data = png.subarray(at + 8, at + 8 + length);
    if (type === 'IDAT') idat.push(data);
    else if (type === 'IHDR' || type === 'PLTE' || type === 'IEND') chunks.push({ type, data });
    at += 12 + length;
  }
  const pixels = deflateSync(inflateSync(Buffer.concat(idat)), { level: 9, memLevel: 9 });
  const out = [png.subarray(0, 8)];
  for (const { type, data } of [...chunks.slice(0, -1), { type: 'IDAT', data: pixels }, chunks.at(-1)]) out.push(pngChunk(type, data));
  return Buffer.concat(out);
}

// The demo content alone: what a reader of a real outlet would see.
const site = await startSite({ edgeCases: false });
const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
try {
  await mkdir(OUT_DIR, { recursive: true });
  for (const device of DEVICES) {
    const context = await browser.newContext(device.options);
    const page = await context.newPage();
    for (const shot of SHOTS) {
      await page.goto(`${site.baseUrl}${shot.path}`, { waitUntil: 'networkidle' });
      await page.evaluate(() => document.fonts.ready);
      const file = `${OUT_DIR}/${shot.name}-${device.name}.png`;
      await writeFile(file, recompressPng(await page.screenshot({ animations: 'disabled', caret: 'hide' })));
      console.log(`wrote ${file}`);
    }
    await context.close();
  }
} finally {
  await browser.close();
  await site.stop();
}
