// What one connection attempt produced, whichever path it took (direct, ztunnel): what the app saw,
// how long it took, what was dialled, the log lines it caused and the reasons, each citing a rule.
import type { HttpAnswer } from './apps.js';

export type AppOutcome =
  | { kind: 'answer'; answer: HttpAnswer }
  | { kind: 'reset' }
  | { kind: 'refused' }
  | { kind: 'unreachable' }
  | { kind: 'timeout' };

export type Verdict = 'delivered' | 'unreachable' | 'refused' | 'timeout' | 'dns-failure' | 'no-endpoint' | 'denied' | 'not-run';

export interface LogLine {
  /** Which process logged it, e.g. `ztunnel/ztunnel-8x2kd (worker-0)`. */
  source: string;
  line: string;
}

export interface PathResult {
  outcome: AppOutcome;
  durationMs: number;
  verdict: Verdict;
  dialed: string | null;
  dialedNetwork: string | null;
  logs: LogLine[];
  why: string[];
}
