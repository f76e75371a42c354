// Demo photos: a faceted stone of the stone's shape in its colour, drawn as SVG and rendered to JPEG with
// sharp, kept in the app's document storage (db/documents.ts) like any photo staff attach. One picture
// per shape and colour, stored once (documents are named by their content); each stone's entry names it.
import sharp from 'sharp';
import { storeDocument } from '../../src/main/db/documents';
import type { LocalFile } from '../../src/main/db/parse-mapping';
import type { Store } from '../../src/main/db/store';
import { seeded } from '../../src/shared/seeded-random';

const SIZE = 480;
const C = SIZE / 2;
type Point = [number, number];

/** The outline of a stone of `shape`, as points around the centre (clockwise from the top). */
function outline(shape: string): Point[] {
  const n = 24;
  const around = (f: (t: number) => Point) => Array.from({ length: n }, (_, i) => f((2 * Math.PI * i) / n));
  const polygon = (corners: Point[]) =>
    corners.flatMap((p, i) => {
      const q = corners[(i + 1) % corners.length]!;
      return [p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] as Point];
    });
  switch (shape) {
    case 'Round':
      return around((t) => [170 * Math.sin(t), -170 * Math.cos(t)]);
    case 'Oval':
    case 'Cabochon':
      return around((t) => [135 * Math.sin(t), -185 * Math.cos(t)]);
    case 'Cushion': {
      const k = 0.5; // a superellipse: a square with soft corners
      const s = (v: number) => Math.sign(v) * Math.abs(v) ** k;
      return around((t) => [165 * s(Math.sin(t)), -165 * s(Math.cos(t))]);
    }
    case 'Princess':
      return polygon([
        [-155, -155],
        [155, -155],
        [155, 155],
        [-155, 155],
      ]);
    case 'Asscher':
    case 'Emerald cut':
    case 'Radiant':
    case 'Baguette': {
      const w = shape === 'Asscher' ? 155 : shape === 'Baguette' ? 80 : 120;
      const h = shape === 'Asscher' ? 155 : shape === 'Baguette' ? 190 : 175;
      const k = shape === 'Baguette' ? 0 : 0.28 * w;
      return polygon(
        (
          [
            [-w + k, -h],
            [w - k, -h],
            [w, -h + k],
            [w, h - k],
            [w - k, h],
            [-w + k, h],
            [-w, h - k],
            [-w, -h + k],
          ] as Point[]
        ).filter((p, i, all) => i === 0 || p[0] !== all[i - 1]![0] || p[1] !== all[i - 1]![1]),
      );
    }
    case 'Pear':
      // A drop: round below, drawn to a point above.
      return around((t) => {
        const up = Math.cos(t);
        return [140 * Math.sin(t) * (up > 0 ? 1 - 0.85 * up ** 1.6 : 1), -175 * up + 15];
      });
    case 'Marquise':
      return around((t) => [110 * Math.sin(t) * Math.abs(Math.sin(t)) ** 0.35, -195 * Math.cos(t)]);
    case 'Heart':
      return around((t) => {
        const x = 16 * Math.sin(t) ** 3;
        const y = 13 * Math.cos(t) - 5 * Math.cos(2 * t) - 2 * Math.cos(3 * t) - Math.cos(4 * t);
        return [x * 10.5, -y * 10.5 - 20];
      });
    case 'Trillion':
      return polygon([
        [0, -175],
        [170, 120],
        [-170, 120],
      ]).flatMap((p, i, all) => {
        const q = all[(i + 1) % all.length]!;
        return [p, [(p[0] + q[0]) / 2, (p[1] + q[1]) / 2] as Point];
      });
    default: {
      // Rough or anything else: an irregular crystal, the same one for the same name.
      const rnd = seeded([...shape].reduce((h, ch) => h * 31 + ch.charCodeAt(0), 7));
      return around((t) => {
        const r = 140 + 45 * rnd();
        return [r * Math.sin(t), -r * Math.cos(t)];
      });
    }
  }
}

function shade(hex: string, factor: number): string {
  const v = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
  const out = v.map((x) =>
    Math.max(0, Math.min(255, Math.round(factor >= 1 ? x + (255 - x) * (factor - 1) : x * factor))),
  );
  return `#${out.map((x) => x.toString(16).padStart(2, '0')).join('')}`;
}

const xy = ([x, y]: Point) => `${(C + x).toFixed(1)},${(C + y).toFixed(1)}`;

/** The SVG of a stone: facets between the table and the girdle, lit from the top left. */
export function gemSvg(shape: string, tint: string, pearl = false): string {
  const background = `<rect width="${SIZE}" height="${SIZE}" fill="url(#bg)"/>
  <defs><radialGradient id="bg" cx="50%" cy="40%" r="75%"><stop offset="0" stop-color="#fafafa"/><stop offset="1" stop-color="#c9ccd2"/></radialGradient>
  <radialGradient id="body" cx="38%" cy="32%" r="75%"><stop offset="0" stop-color="${shade(tint, 1.6)}"/><stop offset="0.55" stop-color="${tint}"/><stop offset="1" stop-color="${shade(tint, 0.45)}"/></radialGradient></defs>
  <ellipse cx="${C + 12}" cy="${C + 190}" rx="160" ry="22" fill="#000" opacity="0.18"/>`;
  const points = outline(pearl ? 'Round' : shape);
  let body: string;
  if (pearl || shape === 'Cabochon') {
    body = `<polygon points="${points.map(xy).join(' ')}" fill="url(#body)"/>
    <ellipse cx="${C - 55}" cy="${C - 65}" rx="40" ry="26" fill="#fff" opacity="0.55"/>`;
  } else {
    const table = points.map(([x, y]): Point => [x * 0.55, y * 0.55 - 6]);
    const facets = points.flatMap((p, i) => {
      const q = points[(i + 1) % points.length]!;
      const t = table[i]!;
      const u = table[(i + 1) % table.length]!;
      const angle = Math.atan2(p[1] + q[1], p[0] + q[0]);
      // Brighter where the facet faces the light (top left), darker away from it.
      const light = 0.75 + 0.4 * Math.cos(angle - (-3 * Math.PI) / 4);
      return [
        `<polygon points="${[t, p, q].map(xy).join(' ')}" fill="${shade(tint, light)}"/>`,
        `<polygon points="${[t, u, q].map(xy).join(' ')}" fill="${shade(tint, light * 0.85 + 0.1)}"/>`,
      ];
    });
    body = `${facets.join('')}
    <polygon points="${table.map(xy).join(' ')}" fill="${shade(tint, 1.15)}" stroke="${shade(tint, 1.4)}" stroke-width="2"/>
    <polygon points="${points.map(xy).join(' ')}" fill="none" stroke="${shade(tint, 0.5)}" stroke-width="2"/>
    <ellipse cx="${C - 45}" cy="${C - 55}" rx="34" ry="14" fill="#fff" opacity="0.45" transform="rotate(-30 ${C - 45} ${C - 55})"/>`;
  }
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${SIZE}" height="${SIZE}" viewBox="0 0 ${SIZE} ${SIZE}">${background}${body}</svg>`;
}

/** What the picture shows: the stone's shape, or a pearl. */
export const pictureShape = (type: string, shape: string) => (type === 'Pearl' ? 'pearl' : shape);

/** A JPEG of a stone of `shape` ('pearl' for a pearl) in `tint`. */
export function renderGemPhoto(shape: string, tint: string): Promise<Buffer> {
  return sharp(Buffer.from(gemSvg(shape, tint, shape === 'pearl')))
    .jpeg({ quality: 82 })
    .toBuffer();
}

/** The photos of a demo stock: rendered once per shape and colour, stored once, named per stone. */
export class DemoPhotos {
  private readonly files = new Map<string, LocalFile>();
  rendered = 0;

  constructor(private readonly store: Store) {}

  static key(type: string, shape: string, tint: string) {
    return `${pictureShape(type, shape)}|${tint}`;
  }

  /** Renders and stores the pictures of `keys` not stored yet. */
  async prepare(keys: Iterable<string>): Promise<void> {
    const missing = [...new Set(keys)].filter((k) => !this.files.has(k));
    await Promise.all(
      missing.map(async (key) => {
        const [shape, tint] = key.split('|') as [string, string];
        const jpeg = await renderGemPhoto(shape, tint);
        this.files.set(key, storeDocument(this.store, jpeg, 'stone.jpg', 'image/jpeg'));
        this.rendered++;
      }),
    );
  }

  /** The stone's photos (a JSON array of LocalFile), once its picture is prepared. */
  photosFor(key: string, sku: string): LocalFile[] {
    const file = this.files.get(key);
    if (!file) throw new Error(`demo photo ${key} was not prepared`);
    return [{ ...file, fileName: `${sku}.jpg` }];
  }
}
