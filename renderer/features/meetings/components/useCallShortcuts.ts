import { useEffect, useRef } from 'react';
import { useAppSelector } from '../../../app/hooks';
import { currentSession } from '../meetingRuntime';

/** M mutes, V toggles the camera, H raises a hand; holding Space talks while muted. Never while typing. */
export function useCallShortcuts() {
  const local = useAppSelector((s) => s.meetings.local);
  // Survives the re-render that unmuting causes, so releasing Space mutes again.
  const talking = useRef(false);
  useEffect(() => {
    const typing = (target: EventTarget | null) => target instanceof HTMLElement && (target.isContentEditable || ['INPUT', 'TEXTAREA', 'SELECT'].includes(target.tagName));
    const onDown = (event: KeyboardEvent) => {
      if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
      const session = currentSession();
      if (!session) return;
      if (event.code === 'KeyM' && !event.repeat) void session.setMuted(local.audio);
      else if (event.code === 'KeyV' && !event.repeat) void session.setCamera(!local.video);
      else if (event.code === 'KeyH' && !event.repeat) void session.setHandRaised(!local.handRaised);
      else if (event.code === 'Space' && !local.audio && !talking.current) {
        talking.current = true;
        void session.setMuted(false);
      } else return;
      event.preventDefault();
    };
    const onUp = (event: KeyboardEvent) => {
      if (event.code === 'Space' && talking.current) {
        talking.current = false;
        void currentSession()?.setMuted(true);
      }
    };
    window.addEventListener('keydown', onDown);
    window.addEventListener('keyup', onUp);
    return () => {
      window.removeEventListener('keydown', onDown);
      window.removeEventListener('keyup', onUp);
    };
  }, [local.audio, local.video, local.handRaised]);
}
