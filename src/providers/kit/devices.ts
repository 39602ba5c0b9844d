/**
 * Device lists and permission state, the same on every media platform: which device stays selected when
 * the list changes, and what a permission request did to the camera and microphone flags.
 */
import type { PermissionRequest } from '../../core/provider.js';
import type { DeviceInfo, DeviceKind, Devices, Permissions, PermissionState } from '../../core/state.js';

/**
 * The device to use from `list`: the current one while it is still there, else the first the platform
 * prefers (`preferred`, e.g. the system default), else the first in the list, else none.
 */
export function keepOrFirst(current: string | null | undefined, list: readonly { readonly id: string }[], preferred?: string | null): string | null {
  if (current && list.some((d) => d.id === current)) return current;
  if (preferred && list.some((d) => d.id === preferred)) return preferred;
  return list[0]?.id ?? null;
}

/** Three lists and what stays selected in each (see `keepOrFirst`). */
export function toDevices(
  lists: Readonly<Record<DeviceKind, readonly DeviceInfo[]>>,
  selected: Devices['selected'],
  preferred: Partial<Record<DeviceKind, string | null>> = {},
): Devices {
  return {
    microphones: [...lists.microphone],
    cameras: [...lists.camera],
    speakers: [...lists.speaker],
    selected: {
      microphone: keepOrFirst(selected.microphone, lists.microphone, preferred.microphone),
      camera: keepOrFirst(selected.camera, lists.camera, preferred.camera),
      speaker: keepOrFirst(selected.speaker, lists.speaker, preferred.speaker),
    },
  };
}

const UNNAMED: Readonly<Record<DeviceKind, string>> = { microphone: 'Microphone', camera: 'Camera', speaker: 'Speaker' };

/** Browser-style device entries as ours; a device without a label (no permission yet) gets "Camera 2". */
export function deviceInfos(items: readonly { readonly deviceId: string; readonly label?: string }[], kind: DeviceKind): DeviceInfo[] {
  return items.map((d, i) => ({ id: d.deviceId, label: d.label || `${UNNAMED[kind]} ${i + 1}`, kind }));
}

/**
 * The browser's own device list, as three lists. Entries without an id are left out: before permission a
 * browser may list one placeholder per kind, which nothing can select.
 */
export async function browserDeviceLists(): Promise<Record<DeviceKind, DeviceInfo[]>> {
  const list = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.deviceId);
  return {
    microphone: deviceInfos(list.filter((d) => d.kind === 'audioinput'), 'microphone'),
    camera: deviceInfos(list.filter((d) => d.kind === 'videoinput'), 'camera'),
    speaker: deviceInfos(list.filter((d) => d.kind === 'audiooutput'), 'speaker'),
  };
}

/** The flags after a request: what was asked for becomes granted or denied, the rest stays as it was. */
export function permissionsAfter(
  current: Permissions,
  request: PermissionRequest,
  outcome: { readonly audio: boolean; readonly video: boolean },
): Permissions {
  const state = (granted: boolean): PermissionState => (granted ? 'granted' : 'denied');
  return {
    camera: request.video ? state(outcome.video) : current.camera,
    microphone: request.audio ? state(outcome.audio) : current.microphone,
  };
}

/** Camera and microphone state from the Permissions API, `unknown` where the browser cannot say. */
export async function queryPermissions(): Promise<Permissions> {
  const query = async (name: 'camera' | 'microphone'): Promise<PermissionState> => {
    try {
      const status = await navigator.permissions.query({ name });
      return status.state;
    } catch {
      return 'unknown';
    }
  };
  const [camera, microphone] = await Promise.all([query('camera'), query('microphone')]);
  return { camera, microphone };
}

/** Calls `changed` whenever a device is plugged in or out; returns the undo. */
export function watchDevices(changed: () => void): () => void {
  const media = navigator.mediaDevices;
  media.addEventListener('devicechange', changed);
  return () => media.removeEventListener('devicechange', changed);
}

/**
 * Calls `changed` with the camera's and the microphone's state now and whenever either changes (Permissions
 * API; a browser that cannot query one leaves it out). Resolves to the undo once both are watched.
 */
export async function watchPermissions(changed: (update: Partial<Permissions>) => void): Promise<() => void> {
  const undo: (() => void)[] = [];
  await Promise.all(
    (['camera', 'microphone'] as const).map(async (name) => {
      let status: PermissionStatus;
      try {
        status = await navigator.permissions.query({ name });
      } catch {
        return; // not every browser can query camera/microphone; capture tells later
      }
      const apply = (): void => changed({ [name]: status.state });
      status.addEventListener('change', apply);
      undo.push(() => status.removeEventListener('change', apply));
      apply();
    }),
  );
  return () => undo.splice(0).forEach((u) => u());
}
