import { IPC, type BridgeEvent } from '../../preload/bridge';
import type { Core } from '../core/create-core';
import { parseOperation, runOperation, runSubscription } from '../core/operations';
import { isAppUrl } from './security';

// tRPC over IPC: the main side of the bridge. Every message's sender frame is checked against the app's
// own URL (parsed with new URL()) before the core sees it; a foreign frame gets a FORBIDDEN error value.

export interface SenderFrame {
  url: string;
}
export interface IpcSender {
  id: number;
  send(channel: string, message: BridgeEvent): void;
  isDestroyed(): boolean;
  once(event: 'destroyed', listener: () => void): unknown;
}
export interface IpcEvent {
  sender: IpcSender;
  senderFrame: SenderFrame | null;
}
export interface IpcMainLike {
  handle(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => unknown): void;
  on(channel: string, listener: (event: IpcEvent, ...args: unknown[]) => void): unknown;
  removeHandler(channel: string): void;
  removeAllListeners(channel: string): unknown;
}

export const FOREIGN_FRAME_ERROR = {
  message: 'Refused: this request did not come from the Loupe window.',
  code: -32003,
  data: { code: 'FORBIDDEN', httpStatus: 403, reason: null, fieldErrors: null },
};

/** While a restore swaps the database there is no core for a moment: the window is asked to retry. */
export const CORE_UNAVAILABLE_ERROR = {
  message: 'Loupe is reopening its database; try again in a moment.',
  code: -32603,
  data: { code: 'SERVICE_UNAVAILABLE', httpStatus: 503, reason: null, fieldErrors: null },
};

/** `core` is the core, or how to get the current one (the shell's holder replaces it on restore). */
export function registerCoreIpc(ipcMain: IpcMainLike, core: Core | (() => Core | null), appUrl: string): () => void {
  const currentCore = typeof core === 'function' ? core : () => core;
  const trusted = (event: IpcEvent) => !!event.senderFrame && isAppUrl(event.senderFrame.url, appUrl);
  const connectionOf = (event: IpcEvent) => `window:${event.sender.id}`;
  const subscriptions = new Map<string, AbortController>();

  /**
   * The one door of every channel: a message from any frame but the app's own is answered with a FORBIDDEN
   * error value (or, on a channel that answers nothing, ignored) before anything else reads it.
   */
  type Listener<R> = (event: IpcEvent, ...args: unknown[]) => R;
  const guarded =
    <R>(listener: Listener<R>, refused: Listener<R>): Listener<R> =>
    (event, ...args) =>
      trusted(event) ? listener(event, ...args) : refused(event, ...args);
  const reply = (event: IpcEvent, message: BridgeEvent) => {
    if (!event.sender.isDestroyed()) event.sender.send(IPC.event, message);
  };

  ipcMain.handle(
    IPC.request,
    guarded<Promise<unknown>>(
      (event, raw) => request(event, raw),
      async () => ({ ok: false, error: FOREIGN_FRAME_ERROR }),
    ),
  );

  async function request(event: IpcEvent, raw: unknown) {
    const op = parseOperation(raw);
    if (!op) return { ok: false, error: { ...FOREIGN_FRAME_ERROR, message: 'Refused: malformed request.' } };
    const now = currentCore();
    if (!now) return { ok: false, error: CORE_UNAVAILABLE_ERROR };
    return runOperation(now, connectionOf(event), op);
  }

  ipcMain.on(
    IPC.subscribe,
    guarded<void>(
      (event, id, raw) => subscribe(event, id, raw),
      (event, id) => {
        if (typeof id === 'number') reply(event, { id, kind: 'error', error: FOREIGN_FRAME_ERROR });
      },
    ),
  );

  function subscribe(event: IpcEvent, id: unknown, raw: unknown) {
    const op = parseOperation(raw);
    if (typeof id !== 'number') return;
    const send = (message: BridgeEvent) => reply(event, message);
    if (!op)
      return send({ id, kind: 'error', error: { ...FOREIGN_FRAME_ERROR, message: 'Refused: malformed request.' } });
    const now = currentCore();
    if (!now) return send({ id, kind: 'error', error: CORE_UNAVAILABLE_ERROR });
    const key = `${event.sender.id}:${id}`;
    const controller = new AbortController();
    subscriptions.set(key, controller);
    event.sender.once('destroyed', () => controller.abort());
    void runSubscription(now, connectionOf(event), op, controller.signal, (data) =>
      send({ id, kind: 'data', data }),
    ).then((result) => {
      subscriptions.delete(key);
      if (controller.signal.aborted) return;
      send(result.ok ? { id, kind: 'complete' } : { id, kind: 'error', error: result.error });
    });
  }

  ipcMain.on(
    IPC.unsubscribe,
    guarded<void>(
      (event, id) => {
        const key = `${event.sender.id}:${String(id)}`;
        subscriptions.get(key)?.abort();
        subscriptions.delete(key);
      },
      () => undefined, // a foreign frame in the window does not end the app's subscriptions
    ),
  );

  return () => {
    for (const controller of subscriptions.values()) controller.abort();
    ipcMain.removeHandler(IPC.request);
    ipcMain.removeAllListeners(IPC.subscribe);
    ipcMain.removeAllListeners(IPC.unsubscribe);
  };
}
