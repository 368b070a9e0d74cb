// What a workload controller's pod writes record, as controller_utils.go's RealPodControl does:
// an event per answer of the API server, and the first refusal as the sync's error.
import type { Write, WriteOutcome } from '../controller.js';
import type { StoreView } from '../store-view.js';
import { recordEvent } from './events.js';
import type { KubeObject } from './types.js';

/** The error of the write the API server refused, if one was. */
export function refusalOf(outcomes: readonly WriteOutcome[]): string | undefined {
  for (const outcome of outcomes) if (!outcome.ok) return outcome.message;
  return undefined;
}

/**
 * The events controller_utils.go's pod control records for a workload's pod writes, one per answer:
 * `SuccessfulCreate` naming the pod the API server created, `FailedCreate` with its error,
 * `SuccessfulDelete` for a pod marked for deletion.
 */
export function podControlEvents(view: StoreView, owner: KubeObject, outcomes: readonly WriteOutcome[], component: string, nowIso: string): Write[] {
  const events: Write[] = [];
  for (const outcome of outcomes) {
    const { write } = outcome;
    if (write.op === 'delete' || write.object.kind !== 'Pod') continue;
    if (write.op === 'create') {
      events.push(
        outcome.ok
          ? recordEvent(view, { involved: owner, type: 'Normal', reason: 'SuccessfulCreate', message: ['Created pod: ', outcome.object!.metadata.name].join(''), component, nowIso })
          : recordEvent(view, { involved: owner, type: 'Warning', reason: 'FailedCreate', message: `Error creating: ${outcome.message}`, component, nowIso }),
      );
    } else if (outcome.ok && write.object.metadata.deletionTimestamp !== undefined) {
      events.push(recordEvent(view, { involved: owner, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${write.object.metadata.name}`, component, nowIso }));
    }
  }
  return events;
}

