// The discrete-event core: events keyed (atMs, seq), so events at the same virtual time run in the
// order they were scheduled (SimPy's (time, priority, seq) without priorities). Simulated clusters
// do many things at the same instant, so events are kept in one FIFO per instant and a binary heap
// holds only the distinct instants: O(1) per event, O(log instants) per new instant.

export interface QueuedEvent {
  atMs: number;
  seq: number;
  label: string;
  run(): void;
}

export class EventQueue {
  private readonly times: number[] = [];
  private readonly buckets = new Map<number, { events: Array<QueuedEvent | undefined>; next: number }>();
  private nextSeq = 0;
  private count = 0;

  get size(): number {
    return this.count;
  }

  push(atMs: number, label: string, run: () => void): QueuedEvent {
    return this.add({ atMs, seq: 0, label, run });
  }

  /** Queues an event object of the caller's (its `seq` is assigned here): no closure per event. */
  add<E extends QueuedEvent>(event: E): E {
    const atMs = event.atMs;
    if (!Number.isInteger(atMs)) throw new Error(`event "${event.label}" scheduled at non-integer time ${atMs}`);
    event.seq = this.nextSeq++;
    let bucket = this.buckets.get(atMs);
    if (!bucket) {
      this.buckets.set(atMs, (bucket = { events: [], next: 0 }));
      this.pushTime(atMs);
    }
    bucket.events.push(event);
    this.count++;
    return event;
  }

  peek(): QueuedEvent | undefined {
    const atMs = this.times[0];
    if (atMs === undefined) return undefined;
    const bucket = this.buckets.get(atMs)!;
    return bucket.events[bucket.next];
  }

  pop(): QueuedEvent | undefined {
    const atMs = this.times[0];
    if (atMs === undefined) return undefined;
    const bucket = this.buckets.get(atMs)!;
    const event = bucket.events[bucket.next];
    // A busy instant holds hundreds of thousands of events: one that ran is not kept alive by it.
    bucket.events[bucket.next++] = undefined;
    this.count--;
    if (bucket.next === bucket.events.length) {
      this.buckets.delete(atMs);
      this.popTime();
    }
    return event;
  }

  private pushTime(atMs: number): void {
    const heap = this.times;
    heap.push(atMs);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]! <= atMs) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = atMs;
  }

  private popTime(): void {
    const heap = this.times;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]! < heap[left]! ? right : left;
      if (heap[child]! >= last) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}
