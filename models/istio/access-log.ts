// ztunnel's access log line (W-5.5): ztunnel src/telemetry.rs IstioFormat (tab-separated head,
// space-separated `k=v`), src/proxy/metrics.rs access_log!/log_early_deny (field order, levels).

export type AccessLogLevel = 'info' | 'error' | 'warn';
export type AccessLogMessage = 'connection complete' | 'connection failed';

export interface AccessLogRecord {
  /** Virtual time of the event, integer ms since the scenario's epoch. */
  timeMs: number;
  /** Wall-clock instant of virtual time 0, RFC 3339 (e.g. `2025-12-22T15:26:00Z`). */
  epochIso: string;
  /** Sub-millisecond part of the timestamp (0–999), for realistic microseconds. */
  microsOffset?: number;
  level: AccessLogLevel;
  /** Defaults to `connection failed` for `warn`, else `connection complete`. */
  message?: AccessLogMessage;
  srcAddr: string;
  srcWorkload?: string;
  srcNamespace?: string;
  srcIdentity?: string;
  dstAddr: string;
  dstHboneAddr?: string;
  dstService?: string;
  dstWorkload?: string;
  dstNamespace?: string;
  dstIdentity?: string;
  direction: 'outbound' | 'inbound';
  bytesSent?: number;
  bytesRecv?: number;
  durationMs?: number;
  error?: string;
}

/** A field as tracing records it: `%` values and numbers bare, strings through Rust's Debug. */
type FieldValue = { bare: string } | { text: string } | undefined;

/** One log line, without its trailing newline. */
export function formatAccessLogLine(record: AccessLogRecord): string {
  const message = record.message ?? (record.level === 'warn' ? 'connection failed' : 'connection complete');
  const fields = message === 'connection failed' ? earlyDenyFields(record) : completeFields(record);
  const rendered = fields
    .filter((field): field is [string, { bare: string } | { text: string }] => field[1] !== undefined)
    .map(([key, value]) => `${key}=${'bare' in value ? value.bare : rustDebugString(value.text)}`);
  const timestamp = formatTimestamp(record.epochIso, record.timeMs, record.microsOffset ?? 0);
  return `${timestamp}\t${record.level}\taccess\t${message}\t${rendered.join(' ')}`;
}

function completeFields(r: AccessLogRecord): Array<[string, FieldValue]> {
  return [
    ['src.addr', bare(r.srcAddr)],
    ['src.workload', text(r.srcWorkload)],
    ['src.namespace', text(r.srcNamespace)],
    ['src.identity', text(r.srcIdentity)],
    ['dst.addr', bare(r.dstAddr)],
    ['dst.hbone_addr', bare(r.dstHboneAddr)],
    ['dst.service', text(r.dstService)],
    ['dst.workload', text(r.dstWorkload)],
    ['dst.namespace', text(r.dstNamespace)],
    ['dst.identity', text(r.dstIdentity)],
    ['direction', text(r.direction)],
    ['bytes_sent', bare(r.bytesSent)],
    ['bytes_recv', bare(r.bytesRecv)],
    ['duration', text(r.durationMs === undefined ? undefined : `${Math.trunc(r.durationMs)}ms`)],
    ['error', text(r.error)],
  ];
}

/** log_early_deny: a connection refused before ztunnel knew enough for a full line. */
function earlyDenyFields(r: AccessLogRecord): Array<[string, FieldValue]> {
  return [
    ['src.addr', bare(r.srcAddr)],
    ['dst.addr', bare(r.dstAddr)],
    ['direction', text(r.direction)],
    ['error', text(r.error)],
  ];
}

function bare(value: string | number | undefined): FieldValue {
  return value === undefined || value === '' ? undefined : { bare: String(value) };
}

function text(value: string | undefined): FieldValue {
  return value === undefined || value === '' ? undefined : { text: value };
}

/** tracing-subscriber's SystemTime: `YYYY-MM-DDTHH:MM:SS.ffffffZ` in UTC. */
export function formatTimestamp(epochIso: string, timeMs: number, micros = 0): string {
  const epochMs = Date.parse(epochIso);
  if (Number.isNaN(epochMs)) throw new Error(`formatTimestamp: not an RFC 3339 time: ${epochIso}`);
  if (!Number.isInteger(timeMs)) throw new Error(`formatTimestamp: virtual time must be whole ms: ${timeMs}`);
  if (!Number.isInteger(micros) || micros < 0 || micros > 999) {
    throw new Error(`formatTimestamp: microsecond offset must be 0–999: ${micros}`);
  }
  const totalMs = epochMs + timeMs;
  const msInSecond = ((totalMs % 1000) + 1000) % 1000;
  const wholeSecond = new Date(totalMs - msInSecond).toISOString().slice(0, 19);
  return `${wholeSecond}.${String(msInSecond * 1000 + micros).padStart(6, '0')}Z`;
}

const nonPrintable = /^(?:[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Grapheme_Extend}]|(?! )\p{Zs})$/u;

/** Rust's `<str as Debug>`: double quotes, `\t \r \n \0 \\ \"`, `\u{hex}` for unprintables. */
export function rustDebugString(value: string): string {
  let out = '"';
  for (const char of value) {
    switch (char) {
      case '\0':
        out += '\\0';
        break;
      case '\t':
        out += '\\t';
        break;
      case '\r':
        out += '\\r';
        break;
      case '\n':
        out += '\\n';
        break;
      case '\\':
        out += '\\\\';
        break;
      case '"':
        out += '\\"';
        break;
      default:
        out += nonPrintable.test(char) ? `\\u{${(char.codePointAt(0) ?? 0).toString(16)}}` : char;
    }
  }
  return `${out}"`;
}
