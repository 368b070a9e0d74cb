// `npm run bench`: the address-source benchmarks and the whole-simulation benchmark, printed, and
// written together to bench/results.json. Never part of `npm test`.
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { formatAddressSourceTable, runAddressSourceBench } from './address-sources.bench.js';
import { formatSimulationTable, runSimulationBench } from './simulation.bench.js';

const quick = process.argv.includes('--quick');
const simulation = runSimulationBench(quick ? 1 : 3);
console.log(formatSimulationTable(simulation));
const addressSources = await runAddressSourceBench({ sizes: quick ? [1000, 10000] : [1000, 10000, 50000], quick });
console.log(formatAddressSourceTable(addressSources));
const out = fileURLToPath(new URL('../../bench/results.json', import.meta.url));
writeFileSync(out, `${JSON.stringify({ simulation, addressSources }, null, 2)}\n`);
console.log(`wrote ${out}`);
