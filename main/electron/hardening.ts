/**
 * Electron's security checklist, applied to every web contents the app creates: no navigation
 * off the app's origin, no new windows (web links open in the OS browser), no <webview>, and
 * only the permissions the app uses.
 */
import { app, shell, type Session } from 'electron';
import { externalUrlToOpen, isAppUrl, isPermissionAllowed } from '../security/navigationPolicy';
import type { Logger } from '../log';

export function hardenWebContents(appOrigin: string, log: Logger): void {
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-navigate', (event, url) => {
      if (isAppUrl(url, appOrigin)) return;
      event.preventDefault();
      log.warn({ url }, 'blocked navigation');
    });
    contents.on('will-redirect', (event, url) => {
      if (!isAppUrl(url, appOrigin)) event.preventDefault();
    });
    contents.setWindowOpenHandler(({ url }) => {
      const external = externalUrlToOpen(url);
      if (external) void shell.openExternal(external);
      else log.warn({ url }, 'blocked window.open');
      return { action: 'deny' };
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}

export function restrictPermissions(session: Session, appOrigin: string): void {
  session.setPermissionRequestHandler((webContents, permission, callback) => {
    callback(isPermissionAllowed(permission, webContents.getURL(), appOrigin));
  });
  session.setPermissionCheckHandler((_webContents, permission, requestingOrigin) =>
    isPermissionAllowed(permission, requestingOrigin, appOrigin),
  );
}
