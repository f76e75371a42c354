import { describe, expect, it } from 'vitest';
import { overlapStart } from './pull';

const at = (iso: string) => new Date(iso).toISOString();

describe('where a pull starts re-reading (overlapStart)', () => {
  it('reads everything the first time', () => {
    expect(overlapStart(undefined, 5000)).toBeNull();
    expect(overlapStart({ updatedAt: null, serverReadAt: null }, 5000)).toBeNull();
  });

  it('goes back the overlap from the checkpoint when it does not know when the last pull read', () => {
    expect(overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: null }, 5000)).toBe(at('2026-11-27T10:00:05Z'));
  });

  it('starts at the checkpoint once the last read began more than the overlap after it (a quiet server)', () => {
    expect(overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: at('2026-11-27T12:00:00Z') }, 5000)).toBe(at('2026-11-27T10:00:10Z'));
  });

  it('goes back the overlap from when the last read began, when writes were still arriving then', () => {
    // A write stamped just before that read could have committed after it, behind the checkpoint.
    expect(overlapStart({ updatedAt: at('2026-11-27T10:00:10Z'), serverReadAt: at('2026-11-27T10:00:12Z') }, 5000)).toBe(at('2026-11-27T10:00:07Z'));
  });
});
