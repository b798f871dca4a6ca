/**
 * Screen sharing in the desktop shell: getDisplayMedia from the app's page is answered with a
 * source the person picks in the app's own picker (screens and windows with thumbnails, see
 * `ScreenPicker`); system audio where the OS can capture it (Windows loopback). Untrusted
 * origins get nothing, and a page may ask without a click only while someone it granted remote
 * access needs to see the screen (that consent was given in main's own dialog).
 */
import { desktopCapturer, type Session } from 'electron';
import type { ScreenPicker } from '../services/screenPicker';

const MAX_SOURCES = 32;

export function installDisplayMediaPicker(session: Session, appOrigin: string, picker: ScreenPicker, remoteViewerLive: () => boolean): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (request.securityOrigin !== appOrigin || !(request.userGesture || remoteViewerLive())) return callback(null);
      void desktopCapturer
        .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 200 }, fetchWindowIcons: false })
        .then(async (sources) => {
          const offered = sources.slice(0, MAX_SOURCES);
          if (offered.length === 0) return callback(null);
          const choice = await picker.pick(
            offered.map((s) => ({
              id: s.id,
              name: s.name,
              kind: s.id.startsWith('screen:') ? ('screen' as const) : ('window' as const),
              thumbnail: s.thumbnail.toDataURL(),
              displayId: s.display_id || null,
            })),
            process.platform === 'win32' && request.audioRequested,
          );
          const picked = choice && offered.find((s) => s.id === choice.source.id);
          if (!picked) return callback(null);
          callback({ video: picked, ...(choice.audio ? { audio: 'loopback' as const } : {}) });
        })
        .catch(() => callback(null));
    },
    // macOS 15+ has its own picker with thumbnails; elsewhere the handler above runs.
    { useSystemPicker: true },
  );
}
