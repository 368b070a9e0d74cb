// `sim generate`'s flags: one per parameter of params.ts, each with what it does and its default as
// the presets give it, and the parameters they make together.
import type { Argv, Options } from 'yargs';
import { PRESETS, type GenerateParams } from '../generate/params.js';

const PARAMETER_FLAGS: { [K in keyof GenerateParams]: Options } = {
  name: { type: 'string', describe: "the scenario's metadata.name (a DNS label)" },
  seed: { type: 'number', describe: 'the seed of every choice: which namespaces go on which network and mode, which probes' },
  nodes: { type: 'number', describe: 'worker nodes' },
  namespaces: { type: 'number', describe: 'app namespaces (app-0000, app-0001, …)' },
  udnShare: { type: 'number', describe: 'share of the namespaces on a primary UDN (0–1; the rest stay on the default network)' },
  networks: { type: 'number', describe: 'ClusterUserDefinedNetworks the UDN namespaces are spread over (one CIDR, isolated from each other)' },
  topology: { choices: ['Layer3', 'Layer2'], describe: "the networks' topology" },
  cidr: { type: 'string', describe: "the networks' subnet" },
  hostSubnet: { type: 'number', describe: "Layer3: the prefix length of each node's host subnet" },
  deploymentsPerNamespace: { type: 'number', describe: 'Deployments per namespace, each with a Service (the first one is the curl client)' },
  replicas: { type: 'number', describe: 'pods per Deployment' },
  ambientShare: { type: 'number', describe: 'share of the namespaces in ambient mode (0–1)' },
  sidecarShare: { type: 'number', describe: 'share of the namespaces in sidecar mode (0–1; with ambientShare at most 1, the rest out of the mesh)' },
  probes: { type: 'number', describe: 'curl probes from a client to a Service in its namespace, on its network or across, picked by the seed' },
  istio: { type: 'boolean', describe: "install Istio (Sail's Istio, IstioCNI and ZTunnel); --no-istio for none" },
};

/** `--preset` and a flag per parameter, each showing its default (the preset's value). */
export function withGenerateOptions<T>(y: Argv<T>) {
  let flags = y.option('preset', {
    choices: Object.keys(PRESETS),
    default: 'small',
    requiresArg: true,
    describe: "starting point (the flags below override it); seed-limit is the seed's network at its limit: 250 nodes, 200 pods per node",
  });
  for (const [key, options] of Object.entries(PARAMETER_FLAGS) as Array<[keyof GenerateParams, Options]>) {
    const takesValue = options.type !== 'boolean';
    flags = flags.option(key, { ...options, requiresArg: takesValue, defaultDescription: presetDefault(key) });
  }
  return flags;
}

/** The preset's parameters with the flags given on the command line over them. */
export function generateParamsOf(args: Record<string, unknown>): GenerateParams {
  const preset = PRESETS[String(args['preset'])];
  if (!preset) throw new Error(`no preset "${String(args['preset'])}" (yargs checks the choices)`);
  const given = Object.fromEntries(Object.keys(PARAMETER_FLAGS).filter((key) => args[key] !== undefined).map((key) => [key, args[key]]));
  return { ...preset, ...given } as GenerateParams;
}

/** "3" when every preset agrees, else each preset's value. */
function presetDefault(key: keyof GenerateParams): string {
  const values = Object.entries(PRESETS).map(([preset, params]) => ({ preset, value: String(params[key]) }));
  if (new Set(values.map((v) => v.value)).size === 1) return values[0]!.value;
  return `by --preset: ${values.map((v) => `${v.value} (${v.preset})`).join(', ')}`;
}
