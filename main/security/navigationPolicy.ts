/**
 * Where the renderer may go. In-app navigation stays on the app's origin; links to the web
 * open in the user's browser, and only for schemes that cannot run code on this machine.
 */
const EXTERNAL_SCHEMES = new Set(['https:', 'http:', 'mailto:']);

export function isAppUrl(url: string, appOrigin: string): boolean {
  try {
    // URL.origin is "null" for custom schemes outside a browser, so build it from the parts.
    const parsed = new URL(url);
    return `${parsed.protocol}//${parsed.host}` === appOrigin;
  } catch {
    return false;
  }
}

/** The URL to hand to the OS browser, or null when it must not be opened at all. */
export function externalUrlToOpen(url: string): string | null {
  try {
    const parsed = new URL(url);
    return EXTERNAL_SCHEMES.has(parsed.protocol) ? parsed.toString() : null;
  } catch {
    return null;
  }
}

/** Permissions the renderer uses: camera/microphone, screen capture, fullscreen, notifications, clipboard writes. */
const ALLOWED_PERMISSIONS = new Set([
  'media',
  'display-capture',
  'fullscreen',
  'notifications',
  'clipboard-sanitized-write',
]);

export function isPermissionAllowed(permission: string, requestingUrl: string, appOrigin: string): boolean {
  return ALLOWED_PERMISSIONS.has(permission) && isAppUrl(requestingUrl, appOrigin);
}
