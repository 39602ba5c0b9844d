import type { ReactiveController, ReactiveControllerHost } from 'lit';

const pad = (n: number) => String(n).padStart(2, '0');

/** `m:ss`, or `h:mm:ss` from an hour on. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor(total / 60) % 60;
  return `${h ? `${h}:${pad(m)}` : m}:${pad(total % 60)}`;
}

/** Re-renders its host once a second while `running()` says a running duration is on screen. */
export class DurationTicker implements ReactiveController {
  #timer: ReturnType<typeof setInterval> | undefined;

  constructor(
    private readonly host: ReactiveControllerHost,
    private readonly running: () => boolean,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    if (this.running()) this.#timer ??= setInterval(() => this.host.requestUpdate(), 1000);
    else this.hostDisconnected();
  }

  hostDisconnected(): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
  }
}
