// After a restore the page reloads at once (every screen then reads the restored database, none keeps
// what it showed of the replaced one); what was restored is said on the sign-in screen that follows.
// sessionStorage: the note survives the reload of this tab and nothing else.

const KEY = 'loupe.restored';

export interface RestoreNotice {
  stones: number;
  from: string;
  keptAside: string;
}

export function rememberRestore(notice: RestoreNotice): void {
  sessionStorage.setItem(KEY, JSON.stringify(notice));
}

export function readRestoreNotice(): RestoreNotice | null {
  try {
    const value = JSON.parse(sessionStorage.getItem(KEY) ?? 'null') as RestoreNotice | null;
    return value && typeof value.stones === 'number' && typeof value.from === 'string' ? value : null;
  } catch {
    return null;
  }
}

export function forgetRestore(): void {
  sessionStorage.removeItem(KEY);
}
