#!/usr/bin/env node
// Writes the demo articles' photos to public/images/demo/: flat SVG illustrations drawn here
// (no third-party image, nothing to license), 3:2 like the pages' cover box, each a few KB.
// Run again only to change a picture; the files are committed.
import { mkdir, writeFile } from 'node:fs/promises';

const DIR = 'public/images/demo/';
const svg = (body, sky) =>
  `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 800" width="1200" height="800">` +
  `<defs><linearGradient id="sky" x1="0" y1="0" x2="0" y2="1"><stop offset="0" stop-color="${sky[0]}"/><stop offset="1" stop-color="${sky[1]}"/></linearGradient></defs>` +
  `<rect width="1200" height="800" fill="url(#sky)"/>${body}</svg>\n`;

const steps = (n, f) => Array.from({ length: n }, (_, i) => f(i)).join('');

const IMAGES = {
  // A cable-stayed bridge over a river at dusk.
  'astana-bridge.svg': svg(
    `<circle cx="930" cy="250" r="70" fill="#ffd58a" opacity=".9"/>` +
      `<path d="M0 560h1200v240H0z" fill="#1d3557"/>` +
      steps(6, (i) => `<path d="M0 ${600 + i * 34}h1200" stroke="#a8c5e6" stroke-opacity="${0.25 - i * 0.03}" stroke-width="3"/>`) +
      `<path d="M0 520h1200v22H0z" fill="#2b2d42"/>` +
      `<path d="M590 520V180h20v340z" fill="#2b2d42"/>` +
      steps(8, (i) => `<path d="M600 ${200 + i * 12}L${120 + i * 55} 520M600 ${200 + i * 12}L${1080 - i * 55} 520" stroke="#edf2f4" stroke-width="3" opacity=".85"/>`) +
      steps(14, (i) => `<rect x="${40 + i * 85}" y="508" width="10" height="10" fill="#ffd58a"/>`),
    ['#3a506b', '#f28f3b'],
  ),
  // A train crossing the steppe under a wide sky.
  'rail-corridor.svg': svg(
    `<path d="M0 470q300-90 600-20t600-30v380H0z" fill="#9bb06b"/>` +
      `<path d="M0 560q400-60 800 0t400-10v250H0z" fill="#7a9450"/>` +
      `<path d="M0 640h1200" stroke="#4a4036" stroke-width="10"/>` +
      steps(30, (i) => `<path d="M${i * 42} 632v18" stroke="#6b5a48" stroke-width="8"/>`) +
      steps(4, (i) => `<rect x="${260 + i * 170}" y="548" width="160" height="84" rx="10" fill="${i === 0 ? '#c0392b' : '#34495e'}"/>` + steps(3, (j) => `<rect x="${280 + i * 170 + j * 45}" y="566" width="32" height="26" rx="4" fill="#d6eaf8"/>`)),
    ['#8ec5fc', '#e0f0ff'],
  ),
  // A small robot on a competition table.
  'robotics.svg': svg(
    `<path d="M0 560h1200v240H0z" fill="#2c3e50"/>` +
      `<path d="M150 600h900l80 200H70z" fill="#ecf0f1"/>` +
      steps(5, (i) => `<path d="M${250 + i * 180} 600l${-40 + i * 20} 200" stroke="#bdc3c7" stroke-width="4"/>`) +
      `<rect x="500" y="380" width="200" height="170" rx="24" fill="#e67e22"/>` +
      `<rect x="530" y="300" width="140" height="90" rx="18" fill="#f39c12"/>` +
      `<circle cx="570" cy="345" r="16" fill="#2c3e50"/><circle cx="630" cy="345" r="16" fill="#2c3e50"/>` +
      `<path d="M600 300v-50" stroke="#f39c12" stroke-width="8"/><circle cx="600" cy="240" r="14" fill="#e74c3c"/>` +
      `<circle cx="540" cy="580" r="40" fill="#34495e"/><circle cx="660" cy="580" r="40" fill="#34495e"/>`,
    ['#5dade2', '#d6eaf8'],
  ),
  // A golden eagle over the foothills.
  'steppe-eagles.svg': svg(
    `<path d="M0 520l180-170 140 110 200-230 220 250 160-120 300 200v240H0z" fill="#5d6d7e"/>` +
      `<path d="M420 230l100-100 100 116-60-20-40 40z" fill="#f4f6f7"/>` +
      `<path d="M0 600q300-80 600-10t600-20v230H0z" fill="#c5a46d"/>` +
      `<path d="M600 300q-120-90-260-60 120 10 200 90 30 20 60-30zM600 300q120-90 260-60-120 10-200 90-30 20-60-30z" fill="#3e2723"/>` +
      `<path d="M585 300q15-30 30 0l-5 50h-20z" fill="#5d4037"/><circle cx="600" cy="290" r="12" fill="#d7a86e"/>`,
    ['#f6d365', '#fda085'],
  ),
  // Manuscript shelves in a reading room.
  'library.svg': svg(
    `<path d="M0 0h1200v800H0z" fill="#4e342e" opacity=".35"/>` +
      steps(4, (row) =>
        `<path d="M80 ${190 + row * 150}h1040" stroke="#3e2723" stroke-width="14"/>` +
        steps(26, (i) => `<rect x="${90 + i * 39}" y="${190 + row * 150 - 100 - ((i * 7 + row * 3) % 4) * 8}" width="32" height="${100 + ((i * 7 + row * 3) % 4) * 8}" fill="${['#8d6e63', '#a1887f', '#6d4c41', '#bcaaa4', '#5d4037'][(i + row) % 5]}"/>`),
      ) +
      `<path d="M0 760h1200v40H0z" fill="#3e2723"/>`,
    ['#d7ccc8', '#efebe9'],
  ),
};

await mkdir(DIR, { recursive: true });
for (const [name, text] of Object.entries(IMAGES)) {
  await writeFile(DIR + name, text);
  console.log(`${DIR}${name}: ${Buffer.byteLength(text)} bytes`);
}
