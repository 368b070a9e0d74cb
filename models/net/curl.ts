// The part of curl's command line a probe may use (W-6), parsed into a request; anything else is
// refused up front, so a probe never silently runs a different command than the one written.

export interface CurlRequest {
  url: string;
  host: string;
  port: number;
  path: string;
  method: string;
  headers: Array<[string, string]>;
  silent: boolean;
  showError: boolean;
  include: boolean;
  headOnly: boolean;
  discardBody: boolean;
  writeOut?: string;
  maxTimeMs?: number;
  connectTimeoutMs?: number;
}

export type CurlParse = { ok: true; request: CurlRequest } | { ok: false; error: string };

/** Splits like a POSIX shell would for simple quoting ('…', "…", backslash). */
export function shellSplit(command: string): string[] | null {
  const words: string[] = [];
  let current = '';
  let inWord = false;
  let quote: '"' | "'" | null = null;
  for (let i = 0; i < command.length; i++) {
    const c = command[i]!;
    if (quote) {
      if (c === quote) quote = null;
      else if (c === '\\' && quote === '"' && i + 1 < command.length) current += command[++i];
      else current += c;
    } else if (c === '"' || c === "'") {
      quote = c;
      inWord = true;
    } else if (c === '\\' && i + 1 < command.length) {
      current += command[++i];
      inWord = true;
    } else if (/\s/.test(c)) {
      if (inWord) words.push(current);
      current = '';
      inWord = false;
    } else {
      current += c;
      inWord = true;
    }
  }
  if (quote) return null;
  if (inWord) words.push(current);
  return words;
}

const SHORT_FLAGS = new Set(['s', 'S', 'v', 'i', 'I', 'f', 'L', 'k']);

export function parseCurl(command: string): CurlParse {
  const words = shellSplit(command);
  if (!words) return { ok: false, error: 'unterminated quote in command' };
  if (words[0] !== 'curl') return { ok: false, error: `only curl commands are modelled, not "${words[0] ?? ''}"` };
  const request: Partial<CurlRequest> & { headers: Array<[string, string]> } = {
    method: 'GET', headers: [], silent: false, showError: false, include: false, headOnly: false, discardBody: false,
  };
  let url: string | undefined;
  for (let i = 1; i < words.length; i++) {
    const word = words[i]!;
    const value = () => words[++i];
    if (word === '-m' || word === '--max-time' || word === '--connect-timeout') {
      const seconds = Number(value());
      if (!(seconds > 0)) return { ok: false, error: `${word} needs a number of seconds` };
      if (word === '--connect-timeout') request.connectTimeoutMs = Math.round(seconds * 1000);
      else request.maxTimeMs = Math.round(seconds * 1000);
    } else if (word === '-o' || word === '--output') {
      request.discardBody = value() === '/dev/null';
    } else if (word === '-w' || word === '--write-out') {
      request.writeOut = value() ?? '';
    } else if (word === '-H' || word === '--header') {
      const header = value() ?? '';
      const colon = header.indexOf(':');
      if (colon < 1) return { ok: false, error: `bad header "${header}"` };
      request.headers.push([header.slice(0, colon).trim(), header.slice(colon + 1).trim()]);
    } else if (word === '-X' || word === '--request') {
      request.method = value() ?? 'GET';
    } else if (word === '--silent') request.silent = true;
    else if (word === '--show-error') request.showError = true;
    else if (word === '--head') request.headOnly = true;
    else if (word === '--include') request.include = true;
    else if (/^-[a-zA-Z]+$/.test(word) && [...word.slice(1)].every((f) => SHORT_FLAGS.has(f))) {
      for (const flag of word.slice(1)) {
        if (flag === 's') request.silent = true;
        if (flag === 'S') request.showError = true;
        if (flag === 'i') request.include = true;
        if (flag === 'I') request.headOnly = true;
      }
    } else if (word.startsWith('-')) return { ok: false, error: `curl option ${word} is not modelled` };
    else if (url === undefined) url = word;
    else return { ok: false, error: `more than one URL ("${url}", "${word}")` };
  }
  if (!url) return { ok: false, error: 'curl: no URL specified' };
  const parsed = parseUrl(url);
  if (!parsed) return { ok: false, error: `cannot parse URL "${url}"` };
  if (request.headOnly) request.method = 'HEAD';
  return { ok: true, request: { ...(request as CurlRequest), url: parsed.url, host: parsed.host, port: parsed.port, path: parsed.path } };
}

function parseUrl(text: string): { url: string; host: string; port: number; path: string } | null {
  const match = /^(?:(https?):\/\/)?(\[[0-9a-fA-F:.]+\]|[^/:?#]+)(?::(\d+))?([/?#].*)?$/.exec(text);
  if (!match) return null;
  const scheme = match[1] ?? 'http';
  if (scheme !== 'http') return null;
  const host = match[2]!.replace(/^\[|\]$/g, '');
  const port = match[3] ? Number(match[3]) : 80;
  if (port < 1 || port > 65535) return null;
  const path = match[4] ?? '/';
  const shownHost = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shownHost}${match[3] ? `:${port}` : ''}${path}`, host, port, path };
}
