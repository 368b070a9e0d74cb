// The event queue's order: by virtual time, then in the order events were scheduled (SimPy's seq).
import { describe, expect, it } from 'vitest';
import { EventQueue } from '../../sim/engine/event-queue.js';
import { Simulation } from '../../sim/engine/simulation.js';
import type { ClusterConfig } from '../../models/cluster-config.js';

describe('the event queue', () => {
  it('runs events by time, and events at the same time in the order they were scheduled', () => {
    const queue = new EventQueue();
    const order: string[] = [];
    for (const [at, name] of [[5, 'a'], [1, 'b'], [5, 'c'], [3, 'd'], [1, 'e']] as const) queue.push(at, name, () => order.push(name));
    while (queue.size) queue.pop()!.run();
    expect(order).toEqual(['b', 'e', 'd', 'a', 'c']);
  });

  it('runs an event scheduled for the current instant after the ones already waiting there', () => {
    const queue = new EventQueue();
    const order: string[] = [];
    queue.push(2, 'first', () => {
      order.push('first');
      queue.push(2, 'added', () => order.push('added'));
    });
    queue.push(2, 'second', () => order.push('second'));
    while (queue.size) queue.pop()!.run();
    expect(order).toEqual(['first', 'second', 'added']);
  });

  it('refuses a non-integer time', () => {
    expect(() => new EventQueue().push(1.5, 'x', () => {})).toThrow('non-integer');
  });
});

describe('the simulation clock', () => {
  it('refuses to run back in time', () => {
    const sim = Simulation.create({ epochMs: 0 } as ClusterConfig, 1);
    sim.runUntil(100);
    expect(() => sim.runUntil(50)).toThrow('cannot run back in time');
    expect(() => sim.at(10, 'late', () => {})).toThrow('cannot schedule');
  });
});
