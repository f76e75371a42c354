import type { ReplicatorState } from '../../shared/sync';

// The replicator's states, one at a time (the renderer subscribes to them through sync.status):
//   local-only  no backend configured: everything stays here, changes wait in the outbox
//   idle        connected and caught up (or waiting for the next signal)
//   pulling     fetching what changed on the server
//   pushing     sending the outbox
//   offline     the backend cannot be reached: retried with backoff; the workstation works on
//   paused      someone's session expired: their changes wait until they sign in again (the rest go on)
//   error       something unexpected; retried on the next signal
// A cycle is: pull every class and the tombstones → push (oldest first, by class waves) → how it ended.
// Pulling first lets a field edited both here and elsewhere be seen as a conflict before our push would
// overwrite the other value. A cycle that fails goes straight to how it failed, from wherever it was.

/** How a cycle that stopped half-way ends. */
const FAILED: readonly ReplicatorState[] = ['offline', 'paused', 'error'];

/**
 * Every state change the replicator may make, and no other. From a resting state (local-only, idle,
 * offline, paused, error) a cycle begins: it may find no backend (local-only), start receiving (pulling),
 * have nobody's session to pull with and go straight to sending (pushing), or fail before the server
 * answered. Pulling again while pulling is the pull retried with another person's session after one
 * expired. Only a push that went through ends idle.
 */
export const TRANSITIONS: Readonly<Record<ReplicatorState, readonly ReplicatorState[]>> = {
  'local-only': ['local-only', 'pulling', 'pushing', ...FAILED],
  idle: ['local-only', 'pulling', 'pushing', ...FAILED],
  offline: ['local-only', 'pulling', 'pushing', ...FAILED],
  paused: ['local-only', 'pulling', 'pushing', ...FAILED],
  error: ['local-only', 'pulling', 'pushing', ...FAILED],
  pulling: ['pulling', 'pushing', ...FAILED],
  pushing: ['idle', ...FAILED],
};

export function mayMove(from: ReplicatorState, to: ReplicatorState): boolean {
  return TRANSITIONS[from].includes(to);
}

export class IllegalTransitionError extends Error {
  constructor(
    readonly from: ReplicatorState,
    readonly to: ReplicatorState,
  ) {
    super(`The replicator may not go from ${from} to ${to}.`);
    this.name = 'IllegalTransitionError';
  }
}

/**
 * What to do with a state change the table does not allow: 'throw' (tests, where it is a bug to find), or
 * 'refuse' (the app: the state stays, the refusal is logged, and the next cycle goes on from there).
 */
export type IllegalTransitions = 'throw' | 'refuse';

/** The state after asking to move from `from` to `to`: `to` if allowed; otherwise `from`, or a throw. */
export function nextState(
  from: ReplicatorState,
  to: ReplicatorState,
  onIllegal: IllegalTransitions,
  log?: (line: string) => void,
): ReplicatorState {
  if (mayMove(from, to)) return to;
  const error = new IllegalTransitionError(from, to);
  if (onIllegal === 'throw') throw error;
  log?.(`sync: ${error.message} Refused.`);
  return from;
}
