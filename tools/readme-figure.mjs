// Makes the README's picture with the page's own "Save figure: PNG" button, so the picture is
// what a teacher gets, not a screenshot: ConvTranspose2d k=3 s=2 p=1 on a 4x4 input, at the first
// step of the step control. Run after `npm run build`:
//   node tools/readme-figure.mjs [output.png]
// (default docs/figure-convT-4x4-k3-s2-p1.png). It drives Debian's Chromium through
// playwright-core, as the browser tests do, opens web/dist/index.html from file:// and keeps the
// download. Set CHROMIUM to use another browser binary.
//
// The download is then stored again, pixel for pixel: Chromium's canvas encoder favours speed
// (about 350 KiB for this figure), and the figure is opaque, so the same pixels as RGB without
// alpha, with no row filter and zlib's level 9, take about 190 KiB. The script decodes what it
// wrote and compares every pixel with the download before it keeps the file.
import { chromium } from 'playwright-core';
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { join, dirname, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { inflateSync, deflateSync } from 'node:zlib';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const PAGE = join(ROOT, 'web', 'dist', 'index.html');
const QUERY = 'mode=convT&size=4&kernel_size=3&stride=2&padding=1';
const out = resolve(process.argv[2] || join(ROOT, 'docs', 'figure-convT-4x4-k3-s2-p1.png'));

const SIGNATURE = Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]);
const CHANNELS = { 2: 3, 6: 4 }; // PNG colour type -> channels (RGB, RGBA); 8 bits each

/** Decodes an 8-bit RGB or RGBA, non-interlaced PNG (what a canvas writes) to { width, height, channels, pixels }. */
function decodePng(bytes) {
  if (!bytes.subarray(0, 8).equals(SIGNATURE)) throw new Error('not a PNG');
  let header = null;
  const idat = [];
  for (let at = 8; at < bytes.length;) {
    const length = bytes.readUInt32BE(at);
    const type = bytes.toString('latin1', at + 4, at + 8);
    const data = bytes.subarray(at + 8, at + 8 + length);
    if (type === 'IHDR') header = data;
    else if (type === 'IDAT') idat.push(data);
    at += 12 + length;
  }
  const width = header.readUInt32BE(0), height = header.readUInt32BE(4);
  const channels = CHANNELS[header[9]];
  if (header[8] !== 8 || !channels || header[12] !== 0) throw new Error('only 8-bit RGB/RGBA non-interlaced PNGs are read here');
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * channels;
  const pixels = Buffer.alloc(height * stride);
  const zero = Buffer.alloc(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)];
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = pixels.subarray(y * stride, (y + 1) * stride);
    const up = y ? pixels.subarray((y - 1) * stride, y * stride) : zero;
    for (let i = 0; i < stride; i++) {
      const a = i >= channels ? row[i - channels] : 0, b = up[i], c = i >= channels ? up[i - channels] : 0;
      let predicted = 0;
      if (filter === 1) predicted = a;
      else if (filter === 2) predicted = b;
      else if (filter === 3) predicted = (a + b) >> 1;
      else if (filter === 4) {
        const p = a + b - c, pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
      }
      row[i] = (line[i] + predicted) & 255;
    }
  }
  return { width, height, channels, pixels };
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 255] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** Encodes RGBA pixels as RGB (alpha must be 255 everywhere), rows unfiltered, zlib level 9. */
function encodeOpaquePng({ width, height, pixels }) {
  const rows = Buffer.alloc(height * (width * 3 + 1));
  for (let y = 0, o = 0; y < height; y++) {
    rows[o++] = 0; // filter: none (smallest for this figure's flat colours, measured against the adaptive filters)
    for (let x = 0; x < width; x++) {
      const i = 4 * (y * width + x);
      if (pixels[i + 3] !== 255) throw new Error(`pixel (${x}, ${y}) is not opaque`);
      rows[o++] = pixels[i]; rows[o++] = pixels[i + 1]; rows[o++] = pixels[i + 2];
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; header[9] = 2; // 8 bits, RGB
  return Buffer.concat([SIGNATURE, chunk('IHDR', header), chunk('IDAT', deflateSync(rows, { level: 9, memLevel: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

/** Throws unless the two decoded pictures hold the same colour in every pixel. */
function assertSamePixels(a, b) {
  if (a.width !== b.width || a.height !== b.height) throw new Error('the re-encoded PNG changed size');
  for (let p = 0; p < a.width * a.height; p++) {
    for (let k = 0; k < 3; k++) {
      if (a.pixels[p * a.channels + k] !== b.pixels[p * b.channels + k]) throw new Error(`the re-encoded PNG differs at pixel ${p}`);
    }
  }
}

if (!existsSync(PAGE)) {
  console.error('readme-figure: web/dist/index.html is not built: run `npm run build` first.');
  process.exit(1);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  timeout: 60_000,
});
let saved;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, colorScheme: 'light', locale: 'en-US', acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(`${pathToFileURL(PAGE).href}?${QUERY}`);
  await page.waitForSelector('.cl[data-ready="true"]', { timeout: 30_000 });
  const [download] = await Promise.all([
    page.waitForEvent('download', { timeout: 90_000 }),
    page.locator('[data-export="png"]').click(),
  ]);
  saved = { name: download.suggestedFilename(), bytes: await readFile(await download.path()) };
} finally {
  await browser.close();
}

const picture = decodePng(saved.bytes);
const smaller = encodeOpaquePng(picture);
assertSamePixels(picture, decodePng(smaller));
await writeFile(out, smaller);
const kib = (n) => `${(n / 1024).toFixed(0)} KiB`;
console.log(`readme-figure: ${saved.name}, ${picture.width}x${picture.height}, ${kib(saved.bytes.length)} as downloaded -> ${out}, ${kib(smaller.length)}, same pixels`);
