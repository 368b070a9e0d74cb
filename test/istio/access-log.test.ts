import { describe, expect, it } from 'vitest';
import {
  type AccessLogRecord,
  formatAccessLogLine,
  formatTimestamp,
  rustDebugString,
} from '../../models/istio/access-log.js';

const epochIso = '2025-12-22T15:26:00Z';

const seedFailure: AccessLogRecord = {
  epochIso,
  timeMs: 482_820,
  microsOffset: 192,
  level: 'error',
  srcAddr: '3.3.0.9:51874',
  srcWorkload: 'sleep-868c754c4b-gmz2p',
  srcNamespace: 'sleep',
  srcIdentity: 'spiffe://cluster.local/ns/sleep/sa/sleep',
  dstAddr: '10.131.1.42:15008',
  dstHboneAddr: '10.131.1.42:8000',
  dstService: 'httpbin.httpbin.svc.cluster.local',
  dstWorkload: 'httpbin-7bfcbb4dbd-6fxmz',
  dstNamespace: 'httpbin',
  dstIdentity: 'spiffe://cluster.local/ns/httpbin/sa/httpbin',
  direction: 'outbound',
  bytesSent: 0,
  bytesRecv: 0,
  durationMs: 3088,
  error: 'io error: No route to host (os error 113)',
};

describe('formatAccessLogLine (ztunnel access log)', () => {
  it('reproduces the seed cluster failure line character for character', () => {
    expect(formatAccessLogLine(seedFailure)).toBe(
      '2025-12-22T15:34:02.820192Z\terror\taccess\tconnection complete\t' +
        'src.addr=3.3.0.9:51874 src.workload="sleep-868c754c4b-gmz2p" src.namespace="sleep" ' +
        'src.identity="spiffe://cluster.local/ns/sleep/sa/sleep" dst.addr=10.131.1.42:15008 ' +
        'dst.hbone_addr=10.131.1.42:8000 dst.service="httpbin.httpbin.svc.cluster.local" ' +
        'dst.workload="httpbin-7bfcbb4dbd-6fxmz" dst.namespace="httpbin" ' +
        'dst.identity="spiffe://cluster.local/ns/httpbin/sa/httpbin" direction="outbound" ' +
        'bytes_sent=0 bytes_recv=0 duration="3088ms" error="io error: No route to host (os error 113)"',
    );
  });

  it('prints a successful HBONE connection at info with no error field', () => {
    const line = formatAccessLogLine({
      ...seedFailure,
      level: 'info',
      dstAddr: '3.3.1.11:15008',
      dstHboneAddr: '3.3.1.11:8000',
      bytesSent: 105,
      bytesRecv: 471,
      durationMs: 2,
      error: undefined,
    });
    expect(line).toContain('\tinfo\taccess\tconnection complete\t');
    expect(line.endsWith('direction="outbound" bytes_sent=105 bytes_recv=471 duration="2ms"')).toBe(true);
  });

  it('leaves out identities, hbone address and destination names on a passthrough line', () => {
    const line = formatAccessLogLine({
      epochIso,
      timeMs: 0,
      level: 'info',
      srcAddr: '3.3.0.9:40000',
      srcWorkload: 'sleep-868c754c4b-gmz2p',
      srcNamespace: 'sleep',
      dstAddr: '93.184.216.34:80',
      direction: 'outbound',
      bytesSent: 10,
      bytesRecv: 20,
      durationMs: 5,
    });
    expect(line).toBe(
      '2025-12-22T15:26:00.000000Z\tinfo\taccess\tconnection complete\t' +
        'src.addr=3.3.0.9:40000 src.workload="sleep-868c754c4b-gmz2p" src.namespace="sleep" ' +
        'dst.addr=93.184.216.34:80 direction="outbound" bytes_sent=10 bytes_recv=20 duration="5ms"',
    );
  });

  it('prints an early deny as warn "connection failed" with only four fields', () => {
    const line = formatAccessLogLine({
      ...seedFailure,
      level: 'warn',
      dstAddr: '172.30.12.5:8000',
      error: 'no healthy upstream: 172.30.12.5:8000',
    });
    expect(line).toBe(
      '2025-12-22T15:34:02.820192Z\twarn\taccess\tconnection failed\t' +
        'src.addr=3.3.0.9:51874 dst.addr=172.30.12.5:8000 direction="outbound" ' +
        'error="no healthy upstream: 172.30.12.5:8000"',
    );
  });
});

describe('formatTimestamp', () => {
  it('prints six fractional digits: the ms then the sub-ms offset', () => {
    expect(formatTimestamp(epochIso, 5, 7)).toBe('2025-12-22T15:26:00.005007Z');
  });

  it('rolls over into the next year', () => {
    expect(formatTimestamp('2025-12-31T23:59:59.500Z', 600, 0)).toBe('2026-01-01T00:00:00.100000Z');
  });

  it('prints in UTC whatever offset the epoch was written with', () => {
    expect(formatTimestamp('2025-12-22T16:26:00+01:00', 0, 0)).toBe('2025-12-22T15:26:00.000000Z');
  });

  it.each([[-1], [1000], [1.5]])('rejects a microsecond offset of %d', (micros) => {
    expect(() => formatTimestamp(epochIso, 0, micros)).toThrow();
  });

  it('rejects an epoch that is not a time', () => {
    expect(() => formatTimestamp('yesterday', 0)).toThrow(/RFC 3339/);
  });
});

describe('rustDebugString', () => {
  it.each([
    ['plain', '"plain"'],
    ['say "hi"', '"say \\"hi\\""'],
    ['C:\\dir', '"C:\\\\dir"'],
    ['a\nb\tc\rd\0', '"a\\nb\\tc\\rd\\0"'],
    ["it's", '"it\'s"'],
    ['\u0001\u007f', '"\\u{1}\\u{7f}"'],
    ['naïve ✓', '"naïve ✓"'],
  ])('quotes %j as %s', (input, expected) => {
    expect(rustDebugString(input)).toBe(expected);
  });
});
