#!/usr/bin/env node
// Draws Loupe's app icon — a white cut gem on an indigo rounded square — into resources/icon.png
// (1024 px: electron-builder makes the Windows .ico and macOS .icns from it) and resources/icons/<n>x<n>.png
// (Linux). Plain Node: the PNG is written by hand with zlib, no image library.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { deflateSync } from 'node:zlib';

const root = join(import.meta.dirname, '..');
const INDIGO = [59, 91, 219];
const INDIGO_DARK = [54, 79, 199];
const WHITE = [255, 255, 255];
const FACET = [219, 228, 255];

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

// The drawing in unit coordinates (0..1).
function insideRoundedSquare(x, y) {
  const r = 0.2;
  const m = 0.04;
  const cx = Math.min(Math.max(x, m + r), 1 - m - r);
  const cy = Math.min(Math.max(y, m + r), 1 - m - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r && x >= m && x <= 1 - m && y >= m && y <= 1 - m;
}
const TABLE_Y = 0.33; // the gem's flat top
const GIRDLE_Y = 0.45; // its widest line
const CULET_Y = 0.8; // its point
function insideGem(x, y) {
  const dx = Math.abs(x - 0.5);
  if (y >= TABLE_Y && y <= GIRDLE_Y) return dx <= 0.17 + ((y - TABLE_Y) / (GIRDLE_Y - TABLE_Y)) * 0.13; // crown
  if (y > GIRDLE_Y && y <= CULET_Y) return dx <= 0.3 * (1 - (y - GIRDLE_Y) / (CULET_Y - GIRDLE_Y)); // pavilion
  return false;
}
/** The lighter facets: a triangle under the table, and the left half of the pavilion (light from the left). */
function onFacet(x, y) {
  const dx = Math.abs(x - 0.5);
  if (y >= TABLE_Y && y <= GIRDLE_Y) return dx <= 0.17 * (1 - (y - TABLE_Y) / (GIRDLE_Y - TABLE_Y));
  if (y > GIRDLE_Y) return x < 0.5;
  return false;
}
function colourAt(x, y) {
  if (!insideRoundedSquare(x, y)) return null;
  if (insideGem(x, y)) return onFacet(x, y) ? FACET : WHITE;
  return y > 0.5 ? INDIGO_DARK : INDIGO;
}

function draw(size) {
  const samples = 4; // 4×4 supersampling for smooth edges
  const out = Buffer.alloc(size * size * 4);
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const c = colourAt((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size);
          if (!c) continue;
          r += c[0];
          g += c[1];
          b += c[2];
          a++;
        }
      }
      const i = (py * size + px) * 4;
      if (a) {
        out[i] = Math.round(r / a);
        out[i + 1] = Math.round(g / a);
        out[i + 2] = Math.round(b / a);
      }
      out[i + 3] = Math.round((255 * a) / (samples * samples));
    }
  }
  return png(size, out);
}

mkdirSync(join(root, 'resources', 'icons'), { recursive: true });
writeFileSync(join(root, 'resources', 'icon.png'), draw(1024));
for (const size of [16, 32, 48, 64, 128, 256, 512])
  writeFileSync(join(root, 'resources', 'icons', `${size}x${size}.png`), draw(size));
console.log('Wrote resources/icon.png and resources/icons/*.png');
