/**
 * Screen sharing in the desktop shell: getDisplayMedia from the app's page is answered here with
 * a source the person picks (screens first, then windows) from a native dialog; system audio is
 * offered where the OS can capture it (Windows loopback). Untrusted origins get nothing.
 */
import { desktopCapturer, dialog, type BrowserWindow, type Session } from 'electron';

const MAX_CHOICES = 10;

export function installDisplayMediaPicker(session: Session, appOrigin: string, window: () => BrowserWindow | null): void {
  session.setDisplayMediaRequestHandler(
    (request, callback) => {
      if (request.securityOrigin !== appOrigin || !request.userGesture) return callback(null);
      void desktopCapturer
        .getSources({ types: ['screen', 'window'], thumbnailSize: { width: 320, height: 200 }, fetchWindowIcons: false })
        .then(async (sources) => {
          const choices = sources.slice(0, MAX_CHOICES);
          if (choices.length === 0) return callback(null);
          const owner = window();
          const options = {
            type: 'question' as const,
            title: 'Share your screen',
            message: 'What do you want to share?',
            detail: 'Everyone in the meeting will see it until you stop sharing.',
            buttons: [...choices.map((s) => (s.id.startsWith('screen:') ? `Screen: ${s.name}` : s.name)), 'Cancel'],
            cancelId: choices.length,
            icon: choices[0]!.thumbnail,
            noLink: true,
          };
          const { response } = owner ? await dialog.showMessageBox(owner, options) : await dialog.showMessageBox(options);
          const picked = choices[response];
          if (!picked) return callback(null);
          callback({ video: picked, ...(process.platform === 'win32' && request.audioRequested ? { audio: 'loopback' as const } : {}) });
        })
        .catch(() => callback(null));
    },
    // macOS 15+ has its own picker with thumbnails; elsewhere the handler above runs.
    { useSystemPicker: true },
  );
}
