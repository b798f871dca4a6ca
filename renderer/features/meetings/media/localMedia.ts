/** The local camera and microphone: capture with chosen devices, and the device lists. */

export interface DeviceChoice {
  cameraId: string | null;
  micId: string | null;
}

export interface DeviceInfo {
  id: string;
  label: string;
}

export interface DeviceLists {
  cameras: DeviceInfo[];
  mics: DeviceInfo[];
}

export async function captureLocalMedia(choice: DeviceChoice, want: { audio: boolean; video: boolean } = { audio: true, video: true }): Promise<MediaStream> {
  return navigator.mediaDevices.getUserMedia({
    audio: want.audio ? (choice.micId ? { deviceId: { exact: choice.micId } } : true) : false,
    video: want.video ? { ...(choice.cameraId ? { deviceId: { exact: choice.cameraId } } : {}), width: { ideal: 1280 }, height: { ideal: 720 }, frameRate: { ideal: 30 } } : false,
  });
}

export async function listDevices(): Promise<DeviceLists> {
  const devices = await navigator.mediaDevices.enumerateDevices();
  const pick = (kind: MediaDeviceKind) =>
    devices.filter((d) => d.kind === kind && d.deviceId).map((d, i) => ({ id: d.deviceId, label: d.label || `${kind === 'videoinput' ? 'Camera' : 'Microphone'} ${i + 1}` }));
  return { cameras: pick('videoinput'), mics: pick('audioinput') };
}

export function onDeviceChange(listener: () => void): () => void {
  navigator.mediaDevices.addEventListener('devicechange', listener);
  return () => navigator.mediaDevices.removeEventListener('devicechange', listener);
}

/** Why capture failed, in words a person can act on. */
export function describeMediaError(error: unknown): string {
  const name = error instanceof DOMException ? error.name : '';
  switch (name) {
    case 'NotAllowedError':
      return 'Camera or microphone permission was denied';
    case 'NotFoundError':
      return 'No camera or microphone was found';
    case 'NotReadableError':
      return 'The camera or microphone is in use by another program';
    case 'OverconstrainedError':
      return 'The chosen device is no longer available';
    default:
      return error instanceof Error ? error.message : 'Could not start the camera or microphone';
  }
}
