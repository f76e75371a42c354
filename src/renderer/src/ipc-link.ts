import { TRPCClientError, type TRPCLink } from '@trpc/client';
import type { AnyRouter } from '@trpc/server';
import { observable } from '@trpc/server/observable';
import type { BridgeEvent, LoupeBridge } from '../../preload/bridge';

/** A tRPC link over the Electron preload bridge; errors arrive as values and become TRPCClientErrors. */
export function ipcLink<TRouter extends AnyRouter>(bridge: LoupeBridge): TRPCLink<TRouter> {
  const listeners = new Map<number, (event: BridgeEvent) => void>();
  let nextId = 1;
  bridge.onEvent((event) => listeners.get(event.id)?.(event));

  return () =>
    ({ op }) =>
      observable((observer) => {
        const request = { type: op.type, path: op.path, input: op.input };
        if (op.type === 'subscription') {
          const id = nextId++;
          listeners.set(id, (event) => {
            if (event.kind === 'data') observer.next({ result: { type: 'data', data: event.data } });
            else if (event.kind === 'error') observer.error(TRPCClientError.from({ error: event.error as never }));
            else observer.complete();
          });
          bridge.subscribe(id, request);
          return () => {
            listeners.delete(id);
            bridge.unsubscribe(id);
          };
        }
        let active = true;
        bridge.request(request).then(
          (result) => {
            if (!active) return;
            if (result.ok) {
              observer.next({ result: { type: 'data', data: result.data } });
              observer.complete();
            } else observer.error(TRPCClientError.from({ error: result.error as never }));
          },
          (error: Error) => active && observer.error(TRPCClientError.from(error)),
        );
        return () => {
          active = false;
        };
      });
}
