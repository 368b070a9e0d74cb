// Checks CIDRs of cluster settings and network specs (world.md W-1.1, W-2): a network address in
// CIDR notation, IPv4 or IPv6, with no host bits set.
import { Validator } from 'ip-num';

/** A problem message for `text`, or undefined when it is a valid CIDR. */
export function describeCidrProblem(text: string): string | undefined {
  const v6 = text.includes(':');
  try {
    const [notationOk, errors] = v6 ? Validator.isValidIPv6CidrNotation(text) : Validator.isValidIPv4CidrNotation(text);
    if (!notationOk) return `"${text}" is not a CIDR: ${errors[0] ?? 'malformed'}`;
    const [rangeOk] = v6 ? Validator.isValidIPv6CidrRange(text) : Validator.isValidIPv4CidrRange(text);
    return rangeOk ? undefined : `"${text}" is not a valid CIDR`;
  } catch (error) {
    // ip-num throws on some malformed inputs; a bad CIDR is the user's mistake, not a crash.
    return `"${text}" is not a CIDR: ${error instanceof Error ? error.message : String(error)}`;
  }
}

export function isValidCidr(text: string): boolean {
  return describeCidrProblem(text) === undefined;
}

export function cidrPrefixLength(cidr: string): number {
  return Number(cidr.slice(cidr.lastIndexOf('/') + 1));
}

export function isIPv6Cidr(cidr: string): boolean {
  return cidr.includes(':');
}
