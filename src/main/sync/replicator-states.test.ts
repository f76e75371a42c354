import { describe, expect, it } from 'vitest';
import type { ReplicatorState } from '../../shared/sync';
import { IllegalTransitionError, mayMove, nextState, TRANSITIONS } from './replicator-states';

// The replicator's state table: every move it lists is taken, and moves it does not list are refused
// (thrown in tests, kept out and logged in the app). The remote tests run the real replicator with
// 'throw', so any move it makes outside the table fails them.

const STATES = Object.keys(TRANSITIONS) as ReplicatorState[];

describe("the replicator's states", () => {
  it('take every move the table lists', () => {
    for (const from of STATES)
      for (const to of TRANSITIONS[from]) {
        expect(mayMove(from, to)).toBe(true);
        expect(nextState(from, to, 'throw')).toBe(to);
      }
  });

  it.each<[ReplicatorState, ReplicatorState, string]>([
    ['pushing', 'pulling', 'a cycle pulls before it pushes, never after'],
    ['pulling', 'idle', 'nothing is caught up before the push'],
    ['local-only', 'idle', 'idle only after a push went through'],
    ['idle', 'idle', 'a cycle that went through passed through pushing'],
    ['pushing', 'pushing', 'one push per cycle'],
    ['pushing', 'local-only', 'a push under way has a backend'],
    ['pulling', 'local-only', 'a pull under way has a backend'],
  ])('refuse %s → %s (%s)', (from, to) => {
    expect(mayMove(from, to)).toBe(false);
    expect(() => nextState(from, to, 'throw')).toThrow(IllegalTransitionError);
    const logged: string[] = [];
    expect(nextState(from, to, 'refuse', (line) => logged.push(line))).toBe(from);
    expect(logged).toEqual([`sync: The replicator may not go from ${from} to ${to}. Refused.`]);
  });

  it('let every cycle start from where the last one ended, and end where the next can start', () => {
    const resting: ReplicatorState[] = ['local-only', 'idle', 'offline', 'paused', 'error'];
    for (const from of resting) expect(TRANSITIONS[from]).toEqual(expect.arrayContaining(['pulling', 'pushing']));
    // A cycle under way ends in a resting state, from which the next one can begin.
    for (const to of TRANSITIONS.pushing) expect(resting).toContain(to);
    for (const state of STATES) expect(TRANSITIONS[state].length).toBeGreaterThan(0);
  });
});
