import { version } from '../../../package.json';

/** The version in package.json (electron-builder stamps the same into the installers). */
export const LOUPE_VERSION: string = version;
