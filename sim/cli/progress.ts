// Progress on stderr for long runs (generation, simulations past about a second), only when stderr
// is a terminal and --quiet is not given; cli-progress draws the bar.
import cliProgress from 'cli-progress';

export interface Progress {
  simulating(events: number, nowMs: number): void;
  phase(name: string): void;
  done(): void;
}

const SILENT: Progress = { simulating: () => {}, phase: () => {}, done: () => {} };

export function createProgress(enabled: boolean, startedAt: () => number): Progress {
  if (!enabled) return SILENT;
  let bar: cliProgress.SingleBar | undefined;
  let phase = 'simulating';
  const ensure = () => {
    // Only worth drawing once a run has taken about a second.
    if (!bar && startedAt() > 1000) {
      bar = new cliProgress.SingleBar(
        { format: 'sim {phase} | {events} events | virtual {virtual}s', stream: process.stderr, hideCursor: true, clearOnComplete: true },
        cliProgress.Presets.shades_classic,
      );
      bar.start(1, 0, { phase, events: 0, virtual: '0.0' });
    }
    return bar;
  };
  return {
    simulating(events, nowMs) {
      ensure()?.update(0, { phase, events, virtual: (nowMs / 1000).toFixed(1) });
    },
    phase(name) {
      phase = name;
      ensure()?.update(0, { phase });
    },
    done() {
      bar?.stop();
    },
  };
}
