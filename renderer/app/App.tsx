import { useEffect } from 'react';
import { HostConnectionBanner } from '../features/connection/HostConnectionBanner';
import { HomeScreen } from '../features/home/HomeScreen';
import { MeetingsView } from '../features/meetings/components/MeetingsView';
import { ConsentDialog } from '../features/remote/ConsentDialog';
import { ControlBanner } from '../features/remote/ControlBanner';
import { RemoteScreen } from '../features/remote/RemoteScreen';
import { ScreenPickerDialog } from '../features/screenPicker/ScreenPickerDialog';
import { revokeRemote } from '../features/remote/remoteSlice';
import { sectionChosen, type Section } from '../features/navigation/navSlice';
import { TrackerScreen } from '../features/tracker/TrackerScreen';
import { persistTheme, themeToggled } from '../features/theme/themeSlice';
import { ThemeToggle } from '../features/theme/ThemeToggle';
import { SyncIndicator } from '../features/sync/SyncIndicator';
import { useAppDispatch, useAppSelector } from './hooks';

const SECTIONS: readonly { id: Section; label: string }[] = [
  { id: 'home', label: 'Home' },
  { id: 'meetings', label: 'Meetings' },
  { id: 'remote', label: 'Remote desktop' },
  { id: 'tracker', label: 'Projects & time' },
];

export function App() {
  const theme = useAppSelector((s) => s.theme.theme);
  const section = useAppSelector((s) => s.nav.section);
  const pendingLink = useAppSelector((s) => s.meetings.pendingLink);
  const inCall = useAppSelector((s) => s.meetings.phase === 'in-call');
  const dispatch = useAppDispatch();

  // A meshwork:// join link opens the meetings lobby with the room filled in.
  useEffect(() => {
    if (pendingLink) dispatch(sectionChosen('meetings'));
  }, [pendingLink, dispatch]);

  useEffect(() => {
    document.documentElement.dataset.theme = theme;
    persistTheme(theme);
  }, [theme]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.code === 'KeyL') {
        event.preventDefault();
        dispatch(themeToggled());
      }
      if ((event.ctrlKey || event.metaKey) && event.shiftKey && event.code === 'Escape') {
        event.preventDefault();
        void dispatch(revokeRemote(null));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch]);

  return (
    <div className="shell">
      <nav className="sidebar" aria-label="Sections">
        <div className="brand">
          <span className="brand__mark" aria-hidden="true" />
          Meshwork
        </div>
        <ul>
          {SECTIONS.map((item) => (
            <li key={item.id}>
              <button
                type="button"
                className={`nav-item${item.id === section ? ' nav-item--active' : ''}`}
                aria-current={item.id === section ? 'page' : undefined}
                onClick={() => dispatch(sectionChosen(item.id))}
              >
                {item.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar__footer">
          <SyncIndicator />
          <ThemeToggle />
        </div>
      </nav>
      <div className="main-column">
        <HostConnectionBanner />
        <ControlBanner />
        {section === 'home' && <HomeScreen />}
        {section === 'tracker' && <TrackerScreen />}
        {section === 'remote' && <RemoteScreen />}
        {/* A call keeps running (and playing audio) while another section is shown. */}
        {(section === 'meetings' || inCall) && (
          <div hidden={section !== 'meetings'}>
            <MeetingsView />
          </div>
        )}
        <ConsentDialog />
        <ScreenPickerDialog />
      </div>
    </div>
  );
}
