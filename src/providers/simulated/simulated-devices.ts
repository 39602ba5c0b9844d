/** The simulated machine's devices: two of each kind, unlabelled until permission is granted (as browsers do). */
import type { CallSnapshot, DeviceInfo, DeviceKind, PermissionState } from '../../core/state.js';
import { toDevices } from '../kit/devices.js';

export const SIMULATED_DEVICES: readonly DeviceInfo[] = [
  { id: 'sim-mic-1', label: 'Simulated Microphone', kind: 'microphone' },
  { id: 'sim-mic-2', label: 'Headset Microphone', kind: 'microphone' },
  { id: 'sim-cam-1', label: 'Simulated Camera', kind: 'camera' },
  { id: 'sim-cam-2', label: 'Document Camera', kind: 'camera' },
  { id: 'sim-spk-1', label: 'Simulated Speakers', kind: 'speaker' },
  { id: 'sim-spk-2', label: 'Headset', kind: 'speaker' },
];

export const listKey = (kind: DeviceKind): 'microphones' | 'cameras' | 'speakers' =>
  kind === 'microphone' ? 'microphones' : kind === 'camera' ? 'cameras' : 'speakers';

/** The snapshot's device lists for `devices` as the page may see them under `permission`. */
export function deviceState(devices: readonly DeviceInfo[], permission: PermissionState, selected: CallSnapshot['devices']['selected']): CallSnapshot['devices'] {
  const labelled = (d: DeviceInfo, i: number) => (permission === 'granted' ? d : { ...d, label: '', id: d.id || `unnamed-${i}` });
  const of = (kind: DeviceKind) => devices.filter((d) => d.kind === kind).map(labelled);
  return toDevices({ microphone: of('microphone'), camera: of('camera'), speaker: of('speaker') }, selected);
}
