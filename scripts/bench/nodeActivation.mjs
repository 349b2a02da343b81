// activate() in plain Node: require dist/extension.js and call activate() against a stand-in
// (timed to the call's return, what VS Code counts, and to its promise's resolution)
// `vscode` (a fresh process each time, median of runs), compared with the AWS Toolkit's 2.7 s on
// these machines; and what loading the service-layer bundle (the SDK) costs, paid on the first AWS
// call instead. The real host's own timing is in hostActivation.mjs.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { figure, median } from './figures.mjs';

const TOOLKIT_ACTIVATION_MS = 2700;

export async function run({ root, quick, log }) {
  const probe = `
const { installFakeVscode, makeFakeContext } = require(${JSON.stringify(join(root, 'out/test/unit/support/fakeVscode.js'))});
installFakeVscode();
const what = process.argv[1];
const t0 = process.hrtime.bigint();
let callMs = 0;
if (what === 'extension') {
  const ext = require(${JSON.stringify(join(root, 'dist/extension.js'))});
  const pending = ext.activate(makeFakeContext(${JSON.stringify(root)}));
  callMs = Number(process.hrtime.bigint() - t0) / 1e6;
  Promise.resolve(pending).then(done, (e) => { console.error(e); process.exit(1); });
} else {
  require(${JSON.stringify(join(root, 'dist/aws.js'))});
  done();
}
function done() {
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const sdkLoaded = Object.keys(require.cache).some((k) => k.endsWith('dist/aws.js'));
  const featuresLoaded = Object.keys(require.cache).some((k) => k.endsWith('dist/features.js'));
  process.stdout.write(JSON.stringify({ ms, callMs, sdkLoaded, featuresLoaded }));
  process.exit(0);
}`;
  const measure = (what, runs) => {
    const times = [];
    const calls = [];
    let sdkLoaded = false;
    let featuresLoaded = false;
    for (let i = 0; i < runs; i++) {
      const r = spawnSync(process.execPath, ['-e', probe, what], { cwd: root, encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`activation probe failed: ${r.stderr}`);
      const o = JSON.parse(r.stdout);
      times.push(o.ms);
      calls.push(o.callMs);
      sdkLoaded ||= o.sdkLoaded;
      featuresLoaded ||= o.featuresLoaded === true;
    }
    return { ms: median(times), callMs: median(calls), sdkLoaded, featuresLoaded };
  };
  const runs = quick ? 3 : 9;
  const activation = measure('extension', runs);
  const sdk = measure('aws', runs);
  log(`median of ${runs} fresh Node processes, production bundle; service layer loaded by activate(): ${activation.sdkLoaded ? 'YES' : 'no'}`);
  return [
    // The load and the activate() call (what VS Code times), then until its promise resolved (the stubs).
    figure('load + activate() call in plain Node, median', activation.callMs, 'ms'),
    figure('activate() until resolved in plain Node, median', activation.ms, 'ms'),
    figure('service layer loaded by activate() in plain Node', activation.sdkLoaded ? 1 : 0, 'bool', '<= 0'),
    figure('features bundle loaded by activate() in plain Node', activation.featuresLoaded ? 1 : 0, 'bool', '<= 0'),
    figure('AWS Toolkit activation (2.7 s) / ours in plain Node', TOOLKIT_ACTIVATION_MS / activation.ms, 'x', '>= 100'),
    figure('loading dist/aws.js (the SDK), paid on the first AWS call', sdk.ms, 'ms'),
  ];
}
