// Turns compare.sh's per-run JSON files into issue 9's markdown table
// (medians), and a second table saying what limited each figure.
// Usage: node compare-table.js RESULTS_DIR INFLIGHT "SERVERS" "SCENARIOS"
'use strict';

const fs = require('fs');
const path = require('path');

const [dir, inflight, serverList, scenarioList] = process.argv.slice(2);
const servers = serverList.split(/\s+/).filter(Boolean);
const scenarios = scenarioList.split(/\s+/).filter(Boolean);

const labels = {
  herald: 'Herald, `herald-hub`' + (process.env.HUB_FLAGS ? ' `' + process.env.HUB_FLAGS + '`' : ''),
  nats: 'NATS server (WebSocket listener)',
  node: "seed 003's server, Node.js `ws`",
};
const columns = {
  fanout100: 'fan-out, 100 subscribers',
  fanout1000: 'fan-out, 1000 subscribers',
  channels: '100 channels × 10 subscribers, 10 publishers',
  rate: 'p99 latency, 1000 msg/s to 100 subscribers',
  connect: 'RSS per subscribed connection',
  connectRate: 'connections/s',
};

function readJson(file) {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (e) {
    return null;
  }
}

// Every run of one server in one scenario: one report each (several bench
// processes of a connect run are folded into one).
function runsOf(server, scenario) {
  const files = fs.readdirSync(dir);
  const prefix = `${server}.${scenario}.`;
  const runIds = new Set(files.filter((f) => f.startsWith(prefix)).map((f) => f.slice(prefix.length).split('.')[0]));
  const runs = [];
  for (const id of [...runIds].sort((a, b) => a - b)) {
    const base = path.join(dir, prefix + id);
    const script = readJson(base + '.script.json');
    if (!script) {
      runs.push({ id, report: readJson(base + '.json'), log: base + '.json.log' });
      continue;
    }
    const parts = files.filter((f) => f.startsWith(`${prefix}${id}.p`) && f.endsWith('.json'))
      .map((f) => readJson(path.join(dir, f)));
    if (parts.some((p) => !p) || script.ready < script.processes) {
      runs.push({ id, report: null, log: base + '.p0.json.log' });
      continue;
    }
    const opened = parts.reduce((n, p) => n + p.setup.opened, 0);
    const seconds = Math.max(...parts.map((p) => p.setup.connect_seconds));
    const merged = JSON.parse(JSON.stringify(parts[0]));
    merged.setup.opened = opened;
    merged.setup.connections_per_second = opened / seconds;
    merged.setup.connect_limited_by = parts.some((p) => p.setup.connect_limited_by === 'bench') ? 'bench' : parts[0].setup.connect_limited_by;
    merged.memory.rss_per_connection_bytes = ((script.rss_after_kib - script.rss_before_kib) * 1024) / opened;
    merged.verification.violations = parts.reduce((n, p) => n + p.verification.violations, 0);
    merged.ok = parts.every((p) => p.ok);
    merged.processes = script.processes;
    runs.push({ id, report: merged });
  }
  return runs;
}

function median(values) {
  const v = values.filter((x) => typeof x === 'number' && isFinite(x)).sort((a, b) => a - b);
  if (!v.length) return NaN;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function majority(values) {
  const count = {};
  for (const v of values) count[v] = (count[v] || 0) + 1;
  return Object.keys(count).sort((a, b) => count[b] - count[a])[0] || '?';
}

function three(x) {
  return x >= 100 ? x.toFixed(0) : x >= 10 ? x.toFixed(1) : x.toFixed(2);
}

function rate(x) {
  if (!isFinite(x)) return 'n/a';
  if (x >= 1e6) return three(x / 1e6) + ' M/s';
  if (x >= 1e3) return three(x / 1e3) + ' k/s';
  return x.toFixed(0) + '/s';
}

const notes = [];
const details = [];

function cell(server, scenario, figure) {
  const runs = runsOf(server, scenario === 'connectRate' ? 'connect' : scenario);
  const good = runs.filter((r) => r.report);
  if (!runs.length) return '–';
  const failed = runs.filter((r) => !r.report || !r.report.ok);
  let mark = '';
  if (failed.length) {
    mark = ' ✗';
    if (scenario !== 'connectRate') {
      for (const r of failed) {
        const v = r.report ? r.report.verification : null;
        let why = 'no report (crashed or timed out; see ' + (r.log || 'its log') + ')';
        if (r.report) {
          why = `${v.violations} violations` + (r.report.setup.timed_out ? ', setup timed out' : '');
          for (const k of ['first_server_error', 'first_close', 'first_connect_error'])
            if (v[k]) why += `; ${k.replace(/_/g, ' ')}: ${v[k]}`;
        }
        notes.push(`✗ ${server} ${scenario} run ${r.id}: ${why}`);
      }
    }
  }
  if (!good.length) return 'failed' + mark;
  return figure(good.map((r) => r.report)) + mark;
}

const figures = {
  throughput: (reports) => {
    const bench = majority(reports.map((r) => r.publishing.limited_by)) === 'bench';
    return (bench ? '≥ ' : '') + rate(median(reports.map((r) => r.publishing.deliveries_per_second)));
  },
  p99: (reports) => {
    const p99 = median(reports.map((r) => r.latency.p99_ms));
    const reached = median(reports.map((r) => r.publishing.publishes_per_second));
    const target = reports[0].rate_target;
    let text = p99 >= 1000 ? (p99 / 1000).toFixed(2) + ' s' : three(p99) + ' ms';
    if (reached < 0.95 * target) text += ` (reaches only ~${reached.toFixed(0)} msg/s)`;
    return text;
  },
  rss: (reports) => (median(reports.map((r) => r.memory.rss_per_connection_bytes)) / 1024).toFixed(1) + ' KiB',
  connections: (reports) => {
    const bench = majority(reports.map((r) => r.setup.connect_limited_by)) === 'bench';
    return (bench ? '≥ ' : '') + three(median(reports.map((r) => r.setup.connections_per_second)) / 1e3) + ' k';
  },
};

const order = [];
for (const s of ['fanout100', 'fanout1000', 'channels', 'rate']) if (scenarios.includes(s)) order.push(s);
if (scenarios.includes('connect')) order.push('connect', 'connectRate');

const figureOf = { fanout100: 'throughput', fanout1000: 'throughput', channels: 'throughput', rate: 'p99', connect: 'rss', connectRate: 'connections' };
let runCount = 0;
const lines = [];
lines.push('| server | ' + order.map((s) => columns[s]).join(' | ') + ' |');
lines.push('|---|' + order.map(() => '---|').join(''));
for (const server of servers) {
  const cells = order.map((s) => cell(server, s, figures[figureOf[s]]));
  lines.push(`| ${labels[server] || server} | ${cells.join(' | ')} |`);
  for (const s of scenarios) runCount = Math.max(runCount, runsOf(server, s).length);
}

// What limited each figure, and what the setup cost.
const detail = [];
detail.push('| server | scenario | median | bench CPU | server CPU | others\' CPU | limited by | setup s (connect + subscribe + settle) | setup frames | violations |');
detail.push('|---|---|---|---|---|---|---|---|---|---|');
for (const server of servers) {
  for (const scenario of scenarios) {
    const reports = runsOf(server, scenario).map((r) => r.report).filter(Boolean);
    if (!reports.length) continue;
    const connect = scenario === 'connect';
    const pct = (x) => (isFinite(x) && x >= 0 ? (100 * x).toFixed(0) + ' %' : 'n/a');
    const value = connect
      ? rate(median(reports.map((r) => r.setup.connections_per_second))).replace('/s', ' conn/s')
      : scenario === 'rate'
      ? 'p99 ' + median(reports.map((r) => r.latency.p99_ms)).toFixed(2) + ' ms'
      : rate(median(reports.map((r) => r.publishing.deliveries_per_second)));
    const benchCpu = median(reports.map((r) => (connect ? r.setup.connect_bench_cpu : r.publishing.bench_cpu)));
    const serverCpu = median(reports.map((r) => (connect ? r.setup.connect_server_cpu : r.publishing.server_cpu)));
    const otherCpu = median(reports.map((r) => (connect ? r.setup.connect_other_cpu : r.publishing.other_cpu)));
    const limited = majority(reports.map((r) => (connect ? r.setup.connect_limited_by : r.publishing.limited_by)));
    const setup = median(reports.map((r) => r.setup.connect_seconds + r.setup.subscribe_seconds + r.setup.settle_seconds));
    const frames = median(reports.map((r) => r.setup.setup_frames));
    const violations = reports.reduce((n, r) => n + r.verification.violations, 0);
    detail.push(`| ${server} | ${scenario} | ${value} | ${pct(benchCpu)} | ${pct(serverCpu)} | ${pct(otherCpu)} | ${limited} | ${setup.toFixed(2)} | ${frames} | ${violations} |`);
  }
}

console.log(lines.join('\n'));
console.log();
console.log(
  `Medians of ${runCount} run(s), 100-byte payloads, in-flight cap ${inflight} (a publisher pauses while any ` +
    'subscriber is more than that many of its messages behind). "≥": the load generator used 90 % or more of its ' +
    'core, so the figure is a lower bound. ✗: a run lost, duplicated or reordered a message, or failed (below). ' +
    'CPU in the second table is in % of one core over the measured window (for connect: the connection phase); ' +
    '"contended": neither side used its core while other processes used 30 % of one or more.'
);
console.log();
console.log(detail.join('\n'));
if (notes.length) {
  console.log();
  for (const n of notes) console.log('- ' + n);
}
