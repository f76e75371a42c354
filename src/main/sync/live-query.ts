import WebSocket from 'ws';

// LiveQuery is only a signal to pull: any event on a subscribed class triggers a pull, and every
// (re)connection pulls too, because LiveQuery does not replay what happened while disconnected. An event
// also says which record it is about, so the replicator can check that its pull brought that record in.

/** The record a create, update or enter event was about, as of that event. */
export interface HeardRecord {
  className: string;
  objectId: string;
  updatedAt: string;
}

export interface LiveSignalOptions {
  url: string;
  appId: string;
  clientKey: string;
  sessionToken: string;
  classNames: readonly string[];
  /** 'dropped': a live connection closed (it reconnects by itself, and pulls once back). */
  onSignal: (reason: 'event' | 'connected' | 'dropped', heard?: HeardRecord) => void;
  /** A connection request goes out (hosted plans count it as a request). */
  onConnecting?: () => void;
  log?: (line: string) => void;
}

export class LiveSignal {
  private socket: WebSocket | null = null;
  private stopped = false;
  private retries = 0;
  private timer: NodeJS.Timeout | null = null;
  /** True once the server confirmed every subscription (until the connection drops). */
  live = false;

  constructor(private readonly options: LiveSignalOptions) {}

  start() {
    this.stopped = false;
    this.open();
  }

  private open() {
    const { url, appId, clientKey, sessionToken, classNames, onSignal, log } = this.options;
    this.options.onConnecting?.();
    // The session token in the upgrade request too: the server (and its logs) can tell whose connection it is.
    const socket = new WebSocket(url, { headers: { 'x-parse-session-token': sessionToken } });
    this.socket = socket;
    let awaiting = new Set<number>();
    socket.on('open', () => {
      socket.send(
        JSON.stringify({ op: 'connect', applicationId: appId, javascriptKey: clientKey, clientKey, sessionToken }),
      );
    });
    socket.on('message', (data) => {
      let message: { op?: string; error?: string; object?: unknown };
      try {
        message = JSON.parse(String(data));
      } catch {
        return;
      }
      if (message.op === 'connected') {
        this.retries = 0;
        awaiting = new Set(classNames.map((_, i) => i + 1));
        classNames.forEach((className, i) =>
          socket.send(
            JSON.stringify({ op: 'subscribe', requestId: i + 1, query: { className, where: {} }, sessionToken }),
          ),
        );
      } else if (
        message.op === 'subscribed' ||
        (message.op === 'error' && (message as { requestId?: number }).requestId)
      ) {
        // Pull once every subscription is in place: nothing can then slip between the pull and the events.
        awaiting.delete((message as { requestId?: number }).requestId ?? -1);
        if (message.op === 'error') log?.(`LiveQuery: ${message.error ?? 'error'}`);
        if (awaiting.size === 0) {
          this.live = true;
          onSignal('connected');
        }
      } else if (['create', 'update', 'delete', 'enter', 'leave'].includes(message.op ?? '')) {
        onSignal('event', heardRecord(message));
      } else if (message.op === 'error') {
        log?.(`LiveQuery: ${message.error ?? 'error'}`);
      }
    });
    socket.on('error', () => undefined); // 'close' follows and reconnects
    socket.on('close', () => {
      const wasLive = this.live;
      this.live = false;
      if (this.stopped) return;
      if (wasLive) onSignal('dropped');
      // Trying to reconnect costs the server nothing while it is away; back within seconds of it.
      const delay = Math.min(3_000, 500 * 2 ** this.retries++);
      this.timer = setTimeout(() => this.open(), delay);
    });
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.socket?.close();
    this.socket = null;
  }
}

/** What a create, update or enter event names (a delete or leave is checked by the pull itself). */
function heardRecord(message: { op?: string; object?: unknown }): HeardRecord | undefined {
  if (!['create', 'update', 'enter'].includes(message.op ?? '')) return undefined;
  const object = message.object as Partial<Record<keyof HeardRecord, unknown>> | undefined;
  if (
    typeof object?.className !== 'string' ||
    typeof object.objectId !== 'string' ||
    typeof object.updatedAt !== 'string'
  )
    return undefined;
  return { className: object.className, objectId: object.objectId, updatedAt: object.updatedAt };
}

/** ws(s)://host/path for a server URL, the usual place of Parse's LiveQuery server. */
export function liveQueryUrlFor(serverURL: string): string {
  const url = new URL(serverURL);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  return url.toString();
}
