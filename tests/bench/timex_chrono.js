// timex_chrono.js - the chrono-node peer for the timex benchmark (never a run-time dependency).
//
//   node timex_chrono.js score TXTDIR OUTDIR   each TXTDIR/NAME.txt (with NAME.dct) ->
//                                             OUTDIR/NAME.jsonl in `parley timex` JSON Lines
//   node timex_chrono.js speed FILE...         parse the files, print "BYTES SECONDS"
//
// chrono-node is found through NODE_PATH (e.g. a scratch npm prefix outside the repo).
// Values are TIMEX3-like strings built from the components chrono says it knows.
'use strict';
const fs = require('fs');
const path = require('path');
const chrono = require('chrono-node');

function pad(n, w) { return String(n).padStart(w, '0'); }

// A reference Date for a DCT "YYYY-MM-DD[THH:MM]" (run with TZ=UTC: chrono works in local time).
function refDate(dct) {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2}))?/.exec(dct || '');
  if (!m) return new Date(Date.UTC(2000, 0, 1, 12));
  return new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], m[4] ? +m[4] : 12, m[5] ? +m[5] : 0));
}

function value(c) {
  const y = pad(c.get('year'), 4), mo = pad(c.get('month'), 2), d = pad(c.get('day'), 2);
  if (c.isCertain('hour')) return ['TIME', `${y}-${mo}-${d}T${pad(c.get('hour'), 2)}:${pad(c.get('minute'), 2)}`];
  if (c.isCertain('day') || c.isCertain('weekday')) return ['DATE', `${y}-${mo}-${d}`];
  if (c.isCertain('month')) return ['DATE', `${y}-${mo}`];
  if (c.isCertain('year')) return ['DATE', y];
  return ['DATE', `${y}-${mo}-${d}`];
}

// Results as JSON Lines with UTF-8 byte offsets (chrono's index counts UTF-16 units).
function tag(text, ref) {
  const out = [];
  for (const r of chrono.parse(text, ref)) {
    const start = Buffer.byteLength(text.slice(0, r.index), 'utf8');
    const end = start + Buffer.byteLength(r.text, 'utf8');
    const [type, val] = value(r.start);
    out.push(JSON.stringify({ start, end, text: r.text, type, value: val }));
  }
  return out;
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'score') {
  const [dir, outdir] = args;
  fs.mkdirSync(outdir, { recursive: true });
  for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.txt')).sort()) {
    const name = f.slice(0, -4);
    const text = fs.readFileSync(path.join(dir, f), 'utf8');
    const dctFile = path.join(dir, name + '.dct');
    const dct = fs.existsSync(dctFile) ? fs.readFileSync(dctFile, 'utf8').trim() : '';
    const lines = tag(text, refDate(dct));
    fs.writeFileSync(path.join(outdir, name + '.jsonl'), lines.join('\n') + (lines.length ? '\n' : ''));
  }
} else if (mode === 'speed') {
  let bytes = 0, n = 0;
  const t0 = process.hrtime.bigint();
  for (const f of args) {
    const text = fs.readFileSync(f, 'utf8');
    bytes += Buffer.byteLength(text, 'utf8');
    // one paragraph at a time, as a caller tagging articles would
    for (const para of text.split('\n\n')) n += chrono.parse(para, refDate('1998-02-27')).length;
  }
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(`${bytes} ${secs.toFixed(3)} ${n}`);
} else {
  console.error('usage: node timex_chrono.js score TXTDIR OUTDIR | speed FILE...');
  process.exit(2);
}
