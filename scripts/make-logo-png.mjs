// Writes public/logo-144.png: the site's mark (the favicon in src/routes/pages.tsx, a red rounded
// square with a white N) at 144×144, RSS 2.0's largest channel image, which must be GIF, JPEG or
// PNG. The PNG is committed; run this again only when the mark changes: `npx node scripts/make-logo-png.mjs`.
import { writeFileSync, mkdirSync } from 'node:fs';
import { deflateSync } from 'node:zlib';
import { PNG_SIGNATURE, pngChunk } from './lib/png.mjs';

const SIZE = 144;
const SCALE = SIZE / 64; // the favicon's viewBox is 64×64
const RED = [0xb3, 0x26, 0x1e];
const WHITE = [0xff, 0xff, 0xff];
const RADIUS = 12;
// The favicon's path "M14 50V14h8l20 24V14h8v36h-8L22 26v24z" as a polygon.
const N = [[14, 50], [14, 14], [22, 14], [42, 38], [42, 14], [50, 14], [50, 50], [42, 50], [22, 26], [22, 50]];
const SAMPLES = 4; // 4×4 subpixels for smooth edges

function inRoundedSquare(x, y) {
  const cx = Math.min(Math.max(x, RADIUS), 64 - RADIUS);
  const cy = Math.min(Math.max(y, RADIUS), 64 - RADIUS);
  return x >= 0 && x <= 64 && y >= 0 && y <= 64 && (x - cx) ** 2 + (y - cy) ** 2 <= RADIUS ** 2;
}

function inPolygon(x, y, points) {
  let inside = false;
  for (let i = 0, j = points.length - 1; i < points.length; j = i++) {
    const [xi, yi] = points[i];
    const [xj, yj] = points[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

const raw = Buffer.alloc(SIZE * (1 + SIZE * 4));
for (let py = 0; py < SIZE; py++) {
  const row = py * (1 + SIZE * 4);
  raw[row] = 0; // filter: none
  for (let px = 0; px < SIZE; px++) {
    let square = 0;
    let letter = 0;
    for (let sy = 0; sy < SAMPLES; sy++) {
      for (let sx = 0; sx < SAMPLES; sx++) {
        const x = (px + (sx + 0.5) / SAMPLES) / SCALE;
        const y = (py + (sy + 0.5) / SAMPLES) / SCALE;
        if (!inRoundedSquare(x, y)) continue;
        square++;
        if (inPolygon(x, y, N)) letter++;
      }
    }
    const total = SAMPLES * SAMPLES;
    const mix = square === 0 ? 0 : letter / square;
    const at = row + 1 + px * 4;
    for (let c = 0; c < 3; c++) raw[at + c] = Math.round(RED[c] * (1 - mix) + WHITE[c] * mix);
    raw[at + 3] = Math.round((255 * square) / total);
  }
}

const header = Buffer.alloc(13);
header.writeUInt32BE(SIZE, 0);
header.writeUInt32BE(SIZE, 4);
header[8] = 8; // bit depth
header[9] = 6; // colour type: RGBA
header[10] = 0; // deflate
header[11] = 0; // adaptive filtering
header[12] = 0; // no interlace

const png = Buffer.concat([
  PNG_SIGNATURE,
  pngChunk('IHDR', header),
  pngChunk('IDAT', deflateSync(raw, { level: 9 })),
  pngChunk('IEND', Buffer.alloc(0)),
]);
mkdirSync(new URL('../public/', import.meta.url), { recursive: true });
writeFileSync(new URL('../public/logo-144.png', import.meta.url), png);
console.log(`public/logo-144.png: ${png.length} bytes`);
