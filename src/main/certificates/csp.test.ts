import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../host/server';

// Scanned reports open in the app from blob: URLs (an image inline, a PDF in a frame). Both policies —
// the browser host's header and index.html's meta tag (the Electron window) — allow exactly that.

function directives(policy: string): Map<string, string> {
  return new Map(
    policy
      .split(';')
      .map((d) => d.trim())
      .filter(Boolean)
      .map((d) => [d.split(/\s+/)[0]!, d.split(/\s+/).slice(1).join(' ')]),
  );
}

const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(
  readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8'),
)?.[1];

describe('the content security policy for opening reports', () => {
  it.each([
    ['the browser host header', CONTENT_SECURITY_POLICY],
    ["index.html's meta tag", meta ?? ''],
  ])('%s frames blob: documents only, shows blob: images, and embeds no plugins', (_label, policy) => {
    const d = directives(policy);
    expect(d.get('frame-src')).toBe('blob:');
    expect(d.get('img-src')).toBe("'self' data: blob:");
    expect(d.get('object-src')).toBe("'none'");
    expect(d.get('default-src')).toBe("'self'");
  });

  it('says the same in both places (the header adds only frame-ancestors, which a meta tag cannot carry)', () => {
    const header = directives(CONTENT_SECURITY_POLICY);
    header.delete('frame-ancestors');
    expect(directives(meta ?? '')).toEqual(header);
  });
});
