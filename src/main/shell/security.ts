// Window and navigation rules of the Electron shell (the VS Code / Electron security checklist).
// Written against tiny structural interfaces so they are unit-tested with fakes, without Electron.

export function secureWebPreferences(preloadPath: string, options: { packaged?: boolean } = {}) {
  return {
    preload: preloadPath,
    // An installed Loupe has no developer tools: nobody at the counter runs scripts in the window.
    devTools: !options.packaged,
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    spellcheck: true,
  } as const;
}

export function mainWindowOptions(preloadPath: string, options: { packaged?: boolean } = {}) {
  return {
    width: 1440,
    height: 900,
    minWidth: 1024,
    minHeight: 640,
    show: false,
    title: 'Loupe',
    backgroundColor: '#f8f9fa',
    autoHideMenuBar: true,
    webPreferences: secureWebPreferences(preloadPath, options),
  };
}

/** True when `url` is the app itself (the packaged file or the dev server), judged after parsing. */
export function isAppUrl(url: string, appUrl: string): boolean {
  let candidate: URL;
  let app: URL;
  try {
    candidate = new URL(url);
    app = new URL(appUrl);
  } catch {
    return false;
  }
  if (candidate.protocol !== app.protocol) return false;
  if (app.protocol === 'file:') return candidate.pathname === app.pathname;
  // app://loupe/…: a custom scheme has no origin in WHATWG URL terms ("null"); its host names the app.
  if (app.protocol === `${APP_SCHEME}:`) return candidate.host === app.host;
  return candidate.origin === app.origin;
}

// ── the app's own protocol ──────────────────────────────────────────────────────────────────────────

/** The window loads the app from app://loupe/, not file://: one origin of its own, served by the shell. */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://loupe`;

/** For protocol.registerSchemesAsPrivileged, before the app is ready: a standard, secure scheme. */
export const PRIVILEGED_SCHEMES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: false } },
];

/** The part of electron's session the permission handlers need. */
export interface PermissionSession {
  setPermissionRequestHandler(
    handler: (
      contents: unknown,
      permission: string,
      callback: (granted: boolean) => void,
      details: { requestingUrl?: string },
    ) => void,
  ): void;
  setPermissionCheckHandler(
    handler: (contents: unknown, permission: string, requestingOrigin: string) => boolean,
  ): void;
}

/** The only permission Loupe's pages use: writing to the clipboard (copying a SKU), from the app itself. */
const ALLOWED_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/**
 * Deny by default: camera, microphone, geolocation, notifications, MIDI, HID, serial, USB… are refused to
 * every page, Loupe's own included, unless on the short list above and asked by the app itself.
 */
export function denyPermissions(session: PermissionSession, appUrl: string) {
  session.setPermissionRequestHandler((_contents, permission, callback, details) => {
    callback(ALLOWED_PERMISSIONS.has(permission) && isAppUrl(details.requestingUrl ?? '', appUrl));
  });
  session.setPermissionCheckHandler(
    (_contents, permission, requestingOrigin) =>
      ALLOWED_PERMISSIONS.has(permission) && isAppUrl(`${requestingOrigin}/`, appUrl),
  );
}

/** Only web links leave the app, and only to the system browser. */
export function externalUrl(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.toString() : null;
  } catch {
    return null;
  }
}

export interface NavigationEvent {
  preventDefault(): void;
}

export interface HardenableContents {
  on(event: 'will-navigate' | 'will-redirect', listener: (event: NavigationEvent, url: string) => void): unknown;
  on(event: 'will-attach-webview', listener: (event: NavigationEvent) => void): unknown;
  setWindowOpenHandler(handler: (details: { url: string }) => { action: 'deny' }): void;
}

/** Denies navigation away from the app and every window.open; web links open in the system browser. */
export function hardenContents(contents: HardenableContents, appUrl: string, openExternal: (url: string) => void) {
  const guard = (event: NavigationEvent, url: string) => {
    if (isAppUrl(url, appUrl)) return;
    event.preventDefault();
    const external = externalUrl(url);
    if (external) openExternal(external);
  };
  contents.on('will-navigate', guard);
  contents.on('will-redirect', guard);
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    const external = externalUrl(url);
    if (external) openExternal(external);
    return { action: 'deny' };
  });
}
