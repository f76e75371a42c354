import { contextBridge, ipcRenderer } from 'electron';
import { IPC, type BridgeEvent, type LoupeBridge } from './bridge';

// The preload exposes the tRPC bridge and nothing else.
const bridge: LoupeBridge = {
  request: (op) => ipcRenderer.invoke(IPC.request, op),
  subscribe: (id, op) => ipcRenderer.send(IPC.subscribe, id, op),
  unsubscribe: (id) => ipcRenderer.send(IPC.unsubscribe, id),
  onEvent: (listener) => {
    const handler = (_event: unknown, message: BridgeEvent) => listener(message);
    ipcRenderer.on(IPC.event, handler);
    return () => ipcRenderer.off(IPC.event, handler);
  },
};

contextBridge.exposeInMainWorld('loupe', bridge);
