import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  powerMonitor,
  protocol,
  safeStorage,
  session,
  shell,
} from 'electron';
import log from 'electron-log/main';
import { autoUpdater } from 'electron-updater';
import { createCore } from './core/create-core';
import { logsFolder, type Logger } from './maintenance/logger';
import { Redactor } from './maintenance/redact';
import { runShell, shellDataDir } from './shell/app';
import { PRIVILEGED_SCHEMES } from './shell/security';
import { ShellUpdater } from './shell/updater';

// The Electron entry: hands the real Electron modules to the shell (src/main/shell/app.ts).

const env = process.env;
const redactor = new Redactor();

// The window's own app:// scheme must be declared before the app is ready (src/main/shell/app-protocol.ts).
protocol.registerSchemesAsPrivileged(PRIVILEGED_SCHEMES);

// electron-log: <data folder>/logs/main.log, rotated at 1 MB (main.old.log), every line redacted first.
log.transports.file.resolvePathFn = () => join(logsFolder(shellDataDir({ env, app })), 'main.log');
log.transports.file.maxSize = 1_000_000;
log.hooks.push((message) => ({ ...message, data: message.data.map((d: unknown) => redactor.redactValue(d)) }));
log.errorHandler.startCatching({ showDialog: false });
const logger: Logger = {
  info: (message, data) => (data === undefined ? log.info(message) : log.info(message, data)),
  warn: (message, data) => (data === undefined ? log.warn(message) : log.warn(message, data)),
  error: (message, data) => (data === undefined ? log.error(message) : log.error(message, data)),
};

/** The update address electron-builder wrote into the app (app-update.yml), if any. */
function builtInFeedUrl(): string | null {
  const file = join(process.resourcesPath ?? '', 'app-update.yml');
  if (!existsSync(file)) return null;
  return /^url:\s*['"]?([^'"\s]+)/m.exec(readFileSync(file, 'utf8'))?.[1] ?? null;
}

autoUpdater.logger = log;
const updates = new ShellUpdater({
  updater: autoUpdater,
  currentVersion: app.getVersion(),
  packaged: app.isPackaged,
  builtInFeedUrl: builtInFeedUrl(),
  log: logger,
});

void runShell({
  app,
  createWindow: (options) => new BrowserWindow(options),
  ipcMain,
  showErrorBox: (title, content) => dialog.showErrorBox(title, content),
  showMessageBox: (options) => dialog.showMessageBox(options),
  openExternal: (url) => void shell.openExternal(url),
  createCore,
  safeStorage,
  protocol,
  session: () => session.defaultSession,
  setApplicationMenu: (template) =>
    Menu.setApplicationMenu(Menu.buildFromTemplate(template as Electron.MenuItemConstructorOptions[])),
  packaged: app.isPackaged,
  platform: process.platform,
  env,
  mainDir: __dirname,
  logger,
  redactor,
  version: app.getVersion(),
  updates,
  powerMonitor: { on: (event, listener) => powerMonitor.on(event, listener) },
});
