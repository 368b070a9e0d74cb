// A command line sim cannot run (exit 2, like an invalid scenario): yargs' messages said the way a
// user reads them, naming the argument, option or command at fault.

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** What the command line was given to: `command` undefined for `sim` itself. */
export interface UsageContext {
  argv: readonly string[];
  command?: string;
  /** The command's positional arguments in order, as its usage names them. */
  positionals: readonly string[];
}

/** What yargs found wrong, in a user's words on one line (several problems joined by '; '); a message it does not know is passed on as yargs wrote it. */
export function describeUsageProblem(message: string, context: UsageContext): string {
  const notEnough = /^Not enough non-option arguments: got (\d+)/.exec(message);
  if (notEnough) return describeMissing(context.positionals.slice(Number(notEnough[1])));
  const unknown = /^Unknown arguments?: (.*)$/s.exec(message);
  if (unknown) return describeUnknown(unknown[1]!.split(', '), context);
  const noValue = /^Not enough arguments following: (.*)$/.exec(message);
  if (noValue) return `${flagName(noValue[1]!)} needs a value`;
  if (message.startsWith('Invalid values:')) return describeInvalidChoices(message);
  return message;
}

function describeMissing(missing: readonly string[]): string {
  if (missing.length === 0) return 'missing arguments';
  const names = missing.map((name) => `<${name}>`);
  return missing.length === 1 ? `missing the ${names[0]} argument` : `missing the ${names.slice(0, -1).join(', ')} and ${names.at(-1)} arguments`;
}

/** yargs lumps unknown options and extra positionals together, and names `--foo-bar` twice (foo-bar, fooBar). */
function describeUnknown(keys: string[], context: UsageContext): string {
  const problems: string[] = [];
  for (const key of keys) {
    if (isOptionGiven(key, context.argv)) problems.push(`unknown option ${flagName(key)}`);
    else if (!context.argv.includes(key)) continue; // the camel-case twin of an option already named
    else if (context.command !== undefined) problems.push(`unexpected argument "${key}"`);
    // Only the first word is the command; the rest would be its arguments, or an unknown option's value.
    else if (key === context.argv.find((token) => !token.startsWith('-'))) problems.push(`unknown command "${key}"`);
  }
  return problems.length > 0 ? problems.join('; ') : `unknown arguments: ${keys.join(', ')}`;
}

function isOptionGiven(key: string, argv: readonly string[]): boolean {
  return argv.some((token) => {
    if (token.startsWith('--')) return [key, `no-${key}`].some((name) => token === `--${name}` || token.startsWith(`--${name}=`));
    return key.length === 1 && /^-[^-]/.test(token) && token.slice(1).includes(key);
  });
}

/** `Invalid values:\n  Argument: output, Given: "xml", Choices: "text", "json"` (a line per option). */
function describeInvalidChoices(message: string): string {
  const lines = [...message.matchAll(/Argument: (.*?), Given: (.*?), Choices: (.*)/g)];
  if (lines.length === 0) return message;
  return lines.map(([, key, given, choices]) => `invalid ${flagName(key!)} ${given}: expected one of ${choices}`).join('; ');
}

function flagName(key: string): string {
  return key.length === 1 ? `-${key}` : `--${key}`;
}
