/** The "Projects & time" section: its tab bar, the timer bar, notices, and the active view. */
import { useEffect } from 'react';
import { useAppDispatch, useAppSelector } from '../../app/hooks';
import { TRACKER_VIEWS, trackerViewChosen } from '../navigation/navSlice';
import { BoardScreen } from './board/BoardScreen';
import { DashboardScreen } from './dashboard/DashboardScreen';
import { PeopleScreen } from './people/PeopleScreen';
import { ReportsScreen } from './reports/ReportsScreen';
import { ResourcesScreen } from './resources/ResourcesScreen';
import { IdleDialog } from './time/IdleDialog';
import { TimerBar } from './time/TimerBar';
import { TimeScreen } from './time/TimeScreen';
import { NoticeBar } from './shared/NoticeBar';
import { loadTracker, stopTimer } from './trackerSlice';
import './tracker.css';

export function TrackerScreen() {
  const dispatch = useAppDispatch();
  const view = useAppSelector((s) => s.nav.trackerView);
  const status = useAppSelector((s) => s.tracker.status);
  const running = useAppSelector((s) => s.tracker.timer?.running ?? null);

  useEffect(() => {
    void dispatch(loadTracker());
  }, [dispatch]);

  // Alt+1..6 switch views; Alt+S stops a running timer (starting one needs a task: use the bar).
  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (!event.altKey || event.ctrlKey || event.metaKey) return;
      const target = TRACKER_VIEWS.find((v) => event.code === `Digit${v.key}`);
      if (target) {
        event.preventDefault();
        dispatch(trackerViewChosen(target.id));
      } else if (event.code === 'KeyS' && running) {
        event.preventDefault();
        void dispatch(stopTimer());
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [dispatch, running]);

  return (
    <main className="content content--wide" aria-labelledby="tracker-title">
      <header className="tracker-header">
        <h1 id="tracker-title">Projects &amp; time</h1>
        <nav className="tabs" aria-label="Tracker views">
          {TRACKER_VIEWS.map((v) => (
            <button
              key={v.id}
              type="button"
              className={`tab${v.id === view ? ' tab--active' : ''}`}
              aria-current={v.id === view ? 'page' : undefined}
              title={`${v.label} (Alt+${v.key})`}
              onClick={() => dispatch(trackerViewChosen(v.id))}
            >
              {v.label}
            </button>
          ))}
        </nav>
      </header>
      <TimerBar />
      <NoticeBar />
      <IdleDialog />
      {status === 'ready' ? (
        <>
          {view === 'dashboard' && <DashboardScreen />}
          {view === 'board' && <BoardScreen />}
          {view === 'time' && <TimeScreen />}
          {view === 'resources' && <ResourcesScreen />}
          {view === 'reports' && <ReportsScreen />}
          {view === 'people' && <PeopleScreen />}
        </>
      ) : (
        <p className="muted">{status === 'failed' ? 'The tracker could not be loaded.' : 'Loading…'}</p>
      )}
    </main>
  );
}
