/// <reference types="vite/client" />
import type { LoupeBridge } from '../../preload/bridge';

declare global {
  interface Window {
    /** Present only inside the Electron window (exposed by the preload script). */
    loupe?: LoupeBridge;
  }
}
