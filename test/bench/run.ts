// `npm run bench [NAME…]`: runs the named benchmarks (all when none is named). Local only: no network.
import { runKnowledgeBench } from "./knowledge-bench";
import { runSlaSimulationBench } from "./sla-simulation-bench";
import { runSlaSweepBench } from "./sla-sweep-bench";

interface Bench {
  name: string;
  description: string;
  run(): Promise<unknown>;
}

/** Every benchmark of guichet; add new ones here. */
const BENCHES: Bench[] = [
  {
    name: "knowledge",
    description: "knowledge search: index build, query latency and memory at 1 000, 10 000 and 50 000 articles, beside fuse.js",
    run: () => runKnowledgeBench(),
  },
  { name: "sla", description: "SLA sweep over 100 000 open tickets on SQLite: minute sweeps, catch-ups, start-up planning; time and memory", run: () => runSlaSweepBench() },
  {
    name: "sla-simulate",
    description: "SLA simulator over 100 000 tickets and their audit logs: pure replay against two sets of rules, then read from SQLite and replayed",
    run: () => runSlaSimulationBench(),
  },
];

async function main(names: string[]): Promise<number> {
  const unknown = names.filter((n) => !BENCHES.some((b) => b.name === n));
  if (unknown.length > 0) {
    console.error(`unknown benchmark: ${unknown.join(", ")}; available: ${BENCHES.map((b) => b.name).join(", ")}`);
    return 2;
  }
  for (const bench of BENCHES.filter((b) => names.length === 0 || names.includes(b.name))) {
    console.log(`\n== ${bench.name}: ${bench.description}`);
    await bench.run();
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
