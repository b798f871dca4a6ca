import { useAppDispatch, useAppSelector } from '../../../app/hooks';
import { switchDevices } from '../meetingRuntime';
import { meetingsActions as A } from '../meetingsSlice';

/** Camera and microphone choice; the same pickers work in the lobby and during a call. */
export function DevicePickers() {
  const dispatch = useAppDispatch();
  const { cameras, mics, cameraId, micId } = useAppSelector((s) => s.meetings.devices);
  const choose = (kind: 'camera' | 'mic', id: string) => {
    dispatch(A.deviceChosen({ kind, id: id || null }));
    void dispatch(switchDevices());
  };
  return (
    <div className="device-pickers">
      <label className="field">
        <span>Camera</span>
        <select value={cameraId ?? ''} onChange={(e) => choose('camera', e.target.value)}>
          <option value="">Default camera</option>
          {cameras.map((c) => (
            <option key={c.id} value={c.id}>
              {c.label}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Microphone</span>
        <select value={micId ?? ''} onChange={(e) => choose('mic', e.target.value)}>
          <option value="">Default microphone</option>
          {mics.map((m) => (
            <option key={m.id} value={m.id}>
              {m.label}
            </option>
          ))}
        </select>
      </label>
    </div>
  );
}
