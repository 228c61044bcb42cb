// Turns load.sh's measurements (one JSON line per wrk run) into a table and target/proof/load.json.
// usage: node load-report.mjs RESULTS.jsonl CONTEXT-JSON OUT.json
// Figures are medians over the rounds; the ratio is our calls/s over the reference's at the same connections.
import { readFileSync, writeFileSync } from 'node:fs';

const [resultsFile, contextJson, outFile] = process.argv.slice(2);
const context = JSON.parse(contextJson);
const runs = readFileSync(resultsFile, 'utf8').split('\n').filter(Boolean).map((l) => JSON.parse(l));

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const groups = new Map();
for (const r of runs) {
  const key = `${r.server}|${r.scenario}|${r.connections}`;
  if (!groups.has(key)) groups.set(key, { server: r.server, scenario: r.scenario, connections: r.connections, runs: [] });
  // CPU the server's process used during the run (user + system), over the calls it answered well
  groups.get(key).runs.push({ ...r.figures, cpu_us_per_call: r.figures.good ? (r.server_cpu_ms * 1000) / r.figures.good : null });
}
const rows = [...groups.values()].map((g) => ({
  server: g.server,
  scenario: g.scenario,
  connections: g.connections,
  rounds: g.runs.length,
  calls_per_s: median(g.runs.map((f) => f.calls_per_s)),
  p50_ms: median(g.runs.map((f) => f.p50_ms)),
  p99_ms: median(g.runs.map((f) => f.p99_ms)),
  cpu_us_per_call: median(g.runs.map((f) => f.cpu_us_per_call)),
  bad: g.runs.reduce((n, f) => n + f.bad + f.non_2xx + Object.values(f.socket_errors).reduce((a, b) => a + b, 0), 0),
  first_bad: g.runs.map((f) => f.first_bad).find((s) => s) || undefined,
}));

const reference = (c) => rows.find((r) => r.server === 'reference' && r.connections === c);
const comparisons = rows.filter((r) => r.server === 'ours').map((r) => {
  const ref = reference(r.connections);
  return {
    scenario: r.scenario,
    connections: r.connections,
    ratio: ref ? +(r.calls_per_s / ref.calls_per_s).toFixed(2) : null,
    // what one call costs the server's core, whatever else ran on it: the ratio an idle core would show
    cpu_ratio: ref && r.cpu_us_per_call ? +(ref.cpu_us_per_call / r.cpu_us_per_call).toFixed(2) : null,
    p99_ours_ms: r.p99_ms,
    p99_reference_ms: ref ? ref.p99_ms : null,
    p99_no_worse: ref ? r.p99_ms <= ref.p99_ms : null,
  };
});
const target = comparisons.find((c) => c.scenario === context.baseline && c.connections === 16);
const verdict = target
  ? { target: '>= 3x the reference calls/s on get_session at 16 connections, p99 no worse',
      ratio: target.ratio, cpu_ratio: target.cpu_ratio, p99_no_worse: target.p99_no_worse,
      met: target.ratio >= 3 && target.p99_no_worse && rows.every((r) => r.bad === 0),
      // the same target on what a call costs the core: not skewed by other processes sharing it
      met_by_cpu: target.cpu_ratio >= 3 && target.p99_no_worse && rows.every((r) => r.bad === 0) }
  : { target: 'not measured (no get_session run at 16 connections)', met: null };

const pad = (s, n) => String(s).padEnd(n);
const num = (x, d = 1) => (x == null ? '-' : x.toFixed(d));
console.log(`\nLoad (wrk, ${context.duration_s} s per run, median of ${context.rounds} round(s); server on cpu ${context.server_cpu}, wrk on cpu ${context.load_cpu}; load average ${context.loadavg_before} -> ${context.loadavg_after})`);
console.log(`${pad('server', 10)} ${pad('call', 14)} ${pad('conns', 6)} ${pad('calls/s', 10)} ${pad('p50 ms', 9)} ${pad('p99 ms', 9)} ${pad('cpu us/call', 12)} ${pad('errors', 7)} ratio (by cpu/call)`);
for (const r of rows.sort((a, b) => a.connections - b.connections || a.server.localeCompare(b.server))) {
  const c = comparisons.find((x) => r.server === 'ours' && x.scenario === r.scenario && x.connections === r.connections);
  console.log(`${pad(r.server, 10)} ${pad(r.scenario, 14)} ${pad(r.connections, 6)} ${pad(num(r.calls_per_s), 10)} ${pad(num(r.p50_ms, 2), 9)} ${pad(num(r.p99_ms, 2), 9)} ${pad(num(r.cpu_us_per_call, 0), 12)} ${pad(r.bad, 7)} ${c ? `${c.ratio}x (${c.cpu_ratio}x)` : ''}`);
}
console.log(`target: ${verdict.target}: ${verdict.met === null ? 'not measured' : `${verdict.ratio}x, p99 ${target.p99_no_worse ? 'no worse' : 'WORSE'} -> ${verdict.met ? 'MET' : 'NOT MET'}; by cpu/call ${verdict.cpu_ratio}x -> ${verdict.met_by_cpu ? 'MET' : 'NOT MET'}`}`);
if (parseFloat(context.loadavg_before) > context.cpus) {
  console.log(`note: the load average (${context.loadavg_before}) exceeds the ${context.cpus} cores: other processes shared the ` +
    'server core, which favours a many-threaded server in calls/s; cpu us/call is the fairer comparison.');
}
writeFileSync(outFile, JSON.stringify({ context, rows, comparisons, verdict }, null, 2) + '\n');
