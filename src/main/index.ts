import { app, BrowserWindow, dialog, ipcMain, shell } from 'electron';
import { createCore } from './core/create-core';
import { runShell, type WindowLike } from './shell/app';

// The Electron entry: hands the real Electron modules to the shell (src/main/shell/app.ts).
void runShell({
  app,
  createWindow: (options) => new BrowserWindow(options) as unknown as WindowLike,
  ipcMain,
  showErrorBox: (title, content) => dialog.showErrorBox(title, content),
  openExternal: (url) => void shell.openExternal(url),
  createCore,
  env: process.env,
  mainDir: __dirname,
});
