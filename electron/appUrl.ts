/**
 * The renderer is served from a privileged custom scheme, app://wiregrad/, rather than
 * file://: every file:// page would otherwise count as "the app" for sender checks, and
 * Chromium refuses ES module scripts from file://. Only pages of this origin may call IPC.
 */

export const APP_SCHEME = 'app';
export const APP_HOST = 'wiregrad';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_INDEX_URL = `${APP_ORIGIN}/index.html`;

/** True only for URLs of the app's own pages (not about:blank, file:, devtools, other hosts). */
export function isAppUrl(url: string): boolean {
  try {
    const u = new URL(url);
    // URL.origin is "null" for non-special schemes, so compare the parts instead.
    return u.protocol === `${APP_SCHEME}:` && u.host === APP_HOST && !u.username && !u.password;
  } catch {
    return false;
  }
}
