import { homedir } from 'node:os';
import { join } from 'node:path';

export const PRODUCT_NAME = 'Loupe';

/**
 * Where Loupe keeps its data when LOUPE_DATA_DIR is not set: the same folder Electron's
 * app.getPath('userData') gives, so the window and the browser host open the same database.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.LOUPE_DATA_DIR) return env.LOUPE_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), PRODUCT_NAME);
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', PRODUCT_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(homedir(), '.config'), PRODUCT_NAME);
}
