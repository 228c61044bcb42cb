// The one table of the proof suite, from target/proof/*.json. usage: node proof-table.mjs target/proof
// A proof file is {"proof","tried","held","attempts":[{name,expected,observed,held}]} (support/ProofRecord);
// load.json comes from load-report.mjs. A missing file prints "not yet measured". Exit 1 if a proof did not hold.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? 'target/proof';
const read = (name) => (existsSync(join(dir, `${name}.json`)) ? JSON.parse(readFileSync(join(dir, `${name}.json`), 'utf8')) : null);
const NOT_YET = 'not yet measured';
const rows = [];
let failed = false;
const row = (what, figure, verdict) => rows.push([what, figure, verdict]);

const load = read('load');
if (!load) {
  row('load: get_session calls/s vs the TypeScript SDK reference', NOT_YET, '');
} else {
  for (const c of load.comparisons) {
    const ours = load.rows.find((r) => r.server === 'ours' && r.scenario === c.scenario && r.connections === c.connections);
    const ref = load.rows.find((r) => r.server === 'reference' && r.connections === c.connections);
    row(`load: ${c.scenario}, ${c.connections} connection(s)`,
      `${ours.calls_per_s.toFixed(0)} calls/s (ref ${ref ? ref.calls_per_s.toFixed(0) : '-'}), p50 ${ours.p50_ms.toFixed(2)} ms, p99 ${ours.p99_ms.toFixed(2)} ms (ref ${ref ? ref.p99_ms.toFixed(2) : '-'})`,
      `${c.ratio}x (cpu/call ${c.cpu_ratio}x)${ours.bad ? `, ${ours.bad} errors` : ''}`);
  }
  row('load target: >= 3x reference on get_session at 16, p99 no worse',
    load.verdict.met === null ? NOT_YET : `${load.verdict.ratio}x calls/s, ${load.verdict.cpu_ratio}x by cpu/call`,
    load.verdict.met === null ? '' : `${load.verdict.met ? 'MET' : 'NOT MET'} (by cpu/call ${load.verdict.met_by_cpu ? 'MET' : 'NOT MET'})`);
}

// Proofs that count attempts which must all hold. Add a line when a new proof writes its file.
const proofs = [
  ['tokens', 'forged or misused tokens refused'],
  ['e2e-ts', 'TypeScript SDK client scenarios passed'],
  ['e2e-java', 'Java SDK client full story (packaged app, Guardian tap, progress) passed'],
  ['bad-inputs', 'bad inputs held (specific error, sheet unchanged)'],
  ['right-user', 'right-user checks held (every Google call with the caller\'s own token)'],
  ['faults', 'faults injected and survived (Auth0, Google)'],
  ['faults-database', 'database faults injected and survived'],
  ['door', 'door: every path but /mcp refused, challenges, null arguments (issue 14 items 1-3, 8)'],
  ['door-second-lock', 'second lock: tool scopes held on a route that bypasses the door (issue 14 item 3)'],
  ['assistant-note', 'assistant\'s note refused or shown quoted (issue 14 item 5)'],
  ['user-state-signals', 'user-state signals only from the sidecar, escalation only (issue 14 item 6)'],
  ['email-approvals', 'email approvals refused (issue 14 item 7)'],
  ['metrics-bounds', 'metrics: no caller text in tags, scrape stays small (issue 14 item 4)'],
  ['management-port', 'health and metrics on the management port only, none on the public port (issue 14 item 4)'],
  ['routes', 'every route of both routers in docs/routes.md, each answering as its guard says (issue 14)'],
  ['session-bounds', 'session bounds: per-user cap, unknown session 404, stalled sockets closed (issue 14 item 9)'],
  ['changeset-pushes', 'changeset approvals bounded per person (review of issue 14 item 7)'],
  ['salami', 'salami: small steps judged from the drift window\'s start, T2/T3 once they add up (finding F3)'],
  ['salami-window', 'salami: the drift window ends, the cell is the baseline again (finding F3)'],
  ['soak', 'soak: no unexpected error, threads and heap flat, receipts kept'],
];
for (const [name, what] of proofs) {
  const proof = read(name);
  if (!proof) {
    row(what, NOT_YET, '');
    continue;
  }
  const ok = proof.tried > 0 && proof.held === proof.tried;
  failed ||= !ok;
  row(what, `${proof.held} of ${proof.tried}`, ok ? 'held' : `FAILED: ${proof.attempts.filter((a) => !a.held).map((a) => a.name).join('; ')}`);
}
const soak = read('soak'); // SoakBench: its figures beside the verdict above
if (soak) {
  const observed = (name) => soak.attempts.find((a) => a.name === name)?.observed ?? '-';
  row('soak figures (last minute vs first)', `threads ${observed('threads flat')}; heap ${observed('heap flat')}; ${observed('no unexpected error')}`, '');
}
const receipts = read('receipts'); // tried = changesets that must have a receipt, held = receipts found
if (!receipts) {
  row('receipts lost (must be 0)', NOT_YET, '');
} else {
  const lost = receipts.tried - receipts.held;
  failed ||= lost !== 0;
  row('receipts lost (must be 0)', `${lost} of ${receipts.tried}`, lost === 0 ? 'held' : 'FAILED');
}

const widths = [0, 1, 2].map((i) => Math.max(...rows.map((r) => String(r[i]).length), 6));
const line = (r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ');
console.log('\nProof of Commerce Changeset MCP');
console.log(line(['what', 'figure', 'verdict']));
console.log(widths.map((w) => '-'.repeat(w)).join('  '));
rows.forEach((r) => console.log(line(r)));
if (load) console.log(`\nload context: ${JSON.stringify(load.context)}`);
process.exitCode = failed ? 1 : 0;
