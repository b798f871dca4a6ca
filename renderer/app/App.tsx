import { useEffect, useState } from 'react';
import { HostConnectionBanner } from '../features/connection/HostConnectionBanner';
import { HomeScreen } from '../features/home/HomeScreen';
import { MeetingsView } from '../features/meetings/components/MeetingsView';
import { ConsentDialog } from '../features/remote/ConsentDialog';
import { ControlBanner } from '../features/remote/ControlBanner';
import { revokeRemote } from '../features/remote/remoteSlice';
import { persistTheme, themeToggled } from '../features/theme/themeSlice';
import { ThemeToggle } from '../features/theme/ThemeToggle';
import { useAppDispatch, useAppSelector } from './hooks';

const SECTIONS = [
  { id: 'home', label: 'Home', available: true },
  { id: 'meetings', label: 'Meetings', available: true },
  { id: 'remote', label: 'Remote desktop', available: false },
  { id: 'tracker', label: 'Projects & time', available: false },
] as const;

export function App() {
  const theme = useAppSelector((s) => s.theme.theme);
  const pendingLink = useAppSelector((s) => s.meetings.pendingLink);
  const inCall = useAppSelector((s) => s.meetings.phase === 'in-call');
  const dispatch = useAppDispatch();
  const [view, setView] = useState<(typeof SECTIONS)[number]['id']>('home');

  // A meshwork:// join link opens the meetings lobby with the room filled in.
  const [seenLink, setSeenLink] = useState(pendingLink);
  if (pendingLink !== seenLink) {
    setSeenLink(pendingLink);
    if (pendingLink) setView('meetings');
  }

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
          {SECTIONS.map((section) => (
            <li key={section.id}>
              <button
                type="button"
                className={`nav-item${section.id === view ? ' nav-item--active' : ''}`}
                aria-current={section.id === view ? 'page' : undefined}
                onClick={() => setView(section.id)}
                disabled={!section.available}
                title={section.available ? undefined : 'Not available yet'}
              >
                {section.label}
              </button>
            </li>
          ))}
        </ul>
        <div className="sidebar__footer">
          <ThemeToggle />
        </div>
      </nav>
      <div className="main-column">
        <HostConnectionBanner />
        <ControlBanner />
        {view === 'home' && <HomeScreen />}
        {/* A call keeps running (and playing audio) while another section is shown. */}
        {(view === 'meetings' || inCall) && (
          <div hidden={view !== 'meetings'}>
            <MeetingsView />
          </div>
        )}
        <ConsentDialog />
      </div>
    </div>
  );
}
