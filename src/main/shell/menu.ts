// The window's menu. An installed Loupe has no developer tools and no reload (a counter machine is not a
// development machine); a development build keeps both. Roles only: Electron fills in the labels and keys.

export interface MenuItem {
  role?: string;
  label?: string;
  type?: 'separator';
  submenu?: MenuItem[];
}

export function menuTemplate(options: { packaged: boolean; platform: NodeJS.Platform }): MenuItem[] {
  const mac = options.platform === 'darwin';
  const view: MenuItem[] = [
    ...(options.packaged ? [] : [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' as const }]),
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  return [
    ...(mac ? [{ role: 'appMenu' }] : []),
    { label: 'File', submenu: [{ role: mac ? 'close' : 'quit' }] },
    { role: 'editMenu' },
    { label: 'View', submenu: view },
    { role: 'windowMenu' },
  ];
}
