// The contract between the preload script and the renderer: the only thing the window can reach.
// Plain data in and out (structured clone); no Electron objects ever cross it.

export interface BridgeOperation {
  type: 'query' | 'mutation' | 'subscription';
  path: string;
  input?: unknown;
}

export type BridgeResult = { ok: true; data: unknown } | { ok: false; error: unknown };

export type BridgeEvent =
  | { id: number; kind: 'data'; data: unknown }
  | { id: number; kind: 'error'; error: unknown }
  | { id: number; kind: 'complete' };

export interface LoupeBridge {
  request(op: BridgeOperation): Promise<BridgeResult>;
  subscribe(id: number, op: BridgeOperation): void;
  unsubscribe(id: number): void;
  /** Registers the one listener for subscription events; returns a function that removes it. */
  onEvent(listener: (event: BridgeEvent) => void): () => void;
}

export const IPC = {
  request: 'loupe:trpc',
  subscribe: 'loupe:subscribe',
  unsubscribe: 'loupe:unsubscribe',
  event: 'loupe:event',
} as const;
