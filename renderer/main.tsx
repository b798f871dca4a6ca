import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { Provider } from 'react-redux';
import { App } from './app/App';
import { createStore } from './app/store';
import { hostConnectionChanged } from './features/connection/hostConnectionSlice';
import { initialTheme, themeSet } from './features/theme/themeSlice';
import { loadUpdateStatus, updateStatusReceived } from './features/updates/updatesSlice';
import { startActivityReporting } from './features/tracker/time/activityReporter';
import { idlePromptReceived, reloadEntities, reminderReceived, timerStatusReceived, trackerChanged } from './features/tracker/trackerSlice';
import { connectPlatform } from './platform/meshworkApi';
import { consentClosed, consentRequested, sessionsReceived } from './features/remote/remoteSlice';
import { meetingsActions } from './features/meetings/meetingsSlice';
import { pickClosed, pickRequested } from './features/screenPicker/screenPickerSlice';
import { loadSyncStatus, syncStatusReceived } from './features/sync/syncSlice';
import './styles/app.css';

const root = createRoot(document.getElementById('root')!);
const platform = connectPlatform();

if ('error' in platform) {
  root.render(
    <main className="content">
      <div className="banner banner--error" role="alert">
        {platform.error}
      </div>
    </main>,
  );
} else {
  const store = createStore(platform.api);
  store.dispatch(themeSet(initialTheme()));
  platform.hostSocket?.onStateChange((state) => store.dispatch(hostConnectionChanged(state)));
  platform.api.on('updates.status', (status) => store.dispatch(updateStatusReceived(status)));
  platform.api.on('remote.sessions', (sessions) => store.dispatch(sessionsReceived(sessions)));
  platform.api.on('remote.consentRequested', (request) => store.dispatch(consentRequested(request)));
  platform.api.on('remote.consentClosed', ({ requestId }) => store.dispatch(consentClosed(requestId)));
  platform.api.on('screen.pickRequested', (request) => store.dispatch(pickRequested(request)));
  platform.api.on('screen.pickClosed', ({ requestId }) => store.dispatch(pickClosed(requestId)));
  platform.api.on('app.joinLink', (link) => store.dispatch(meetingsActions.joinLinkOpened({ roomId: link.room, code: link.code })));
  void store.dispatch(loadUpdateStatus());
  platform.api.on('sync.status', (status) => store.dispatch(syncStatusReceived(status)));
  void store.dispatch(loadSyncStatus());
  void platform.api.remote.sessions().then((sessions) => store.dispatch(sessionsReceived(sessions)));
  // The tracker's projection: main says what changed, the store re-queries it.
  platform.api.on('tracker.changed', ({ entities }) => {
    store.dispatch(trackerChanged(entities));
    if (store.getState().tracker.status === 'ready') void store.dispatch(reloadEntities(entities));
  });
  platform.api.on('timer.status', (status) => store.dispatch(timerStatusReceived(status)));
  platform.api.on('timer.idle', (prompt) => store.dispatch(idlePromptReceived(prompt)));
  platform.api.on('timer.reminder', (reminder) => store.dispatch(reminderReceived(reminder.message)));
  // Browser mode has no OS idle time: the page reports its own inactivity to main's idle monitor.
  if (platform.hostSocket) startActivityReporting(platform.api);
  root.render(
    <StrictMode>
      <Provider store={store}>
        <App />
      </Provider>
    </StrictMode>,
  );
}
