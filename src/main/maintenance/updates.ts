// Updates as the core sees them: a provider the Electron shell injects (electron-updater behind it,
// src/main/shell/updater.ts), so the core stays free of Electron. The browser host and the CLI have none:
// they run from a checkout and are updated with it.

import { streamOf } from '../db/changes';

export type UpdatePhase =
  'unsupported' | 'not-configured' | 'idle' | 'checking' | 'up-to-date' | 'downloading' | 'downloaded' | 'error';

export interface UpdateStatus {
  phase: UpdatePhase;
  currentVersion: string;
  /** The version found (available, downloading or downloaded). */
  version: string | null;
  /** Download progress, 0–100. */
  percent: number | null;
  checkedAt: number | null;
  /** What to tell people (why unsupported, the error, …). */
  message: string | null;
  /** Where updates come from (the address in Settings, or the one built in). */
  feedUrl: string | null;
}

export interface UpdateProvider {
  status(): UpdateStatus;
  /** Looks for an update now (a found update downloads in the background). */
  check(): Promise<UpdateStatus>;
  /** Quits, installs the downloaded update and starts Loupe again. */
  install(): void;
  /** The address set in Settings → Updates (null: the one built into the app). */
  configure(feedUrl: string | null): void;
  subscribe(listener: (status: UpdateStatus) => void): () => void;
}

/** The settings key of the update address chosen by an administrator. */
export const UPDATES_SETTING = 'updates';

export class NoUpdates implements UpdateProvider {
  constructor(
    private readonly currentVersion: string,
    private readonly message = 'This Loupe runs in the browser host: it is updated with its installation (git pull, npm install), not by itself.',
  ) {}

  status(): UpdateStatus {
    return {
      phase: 'unsupported',
      currentVersion: this.currentVersion,
      version: null,
      percent: null,
      checkedAt: null,
      message: this.message,
      feedUrl: null,
    };
  }
  async check() {
    return this.status();
  }
  install() {
    throw new Error(this.message);
  }
  configure() {}
  subscribe() {
    return () => {};
  }
}

/** Streams a provider's status: the current one first, then every change, until the signal aborts. */
export function updateStatusStream(provider: UpdateProvider, signal?: AbortSignal): AsyncGenerator<UpdateStatus> {
  return streamOf((listener) => provider.subscribe(listener), signal, [provider.status()]);
}
