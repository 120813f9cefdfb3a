/**
 * `npm test`: every check and test, then one closing line `N passed, N failed` summing them
 * all (CI reads that line), and a non-zero exit on any failure.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './stack.js';

const outputDir = join(REPO_ROOT, 'tests/.output');
rmSync(outputDir, { recursive: true, force: true });
mkdirSync(outputDir, { recursive: true });

let passed = 0;
let failed = 0;
const failures: string[] = [];
const timings: string[] = [];

function run(label: string, command: string, args: string[], env: NodeJS.ProcessEnv = {}): boolean {
  console.log(`\n=== ${label}: ${command} ${args.join(' ')}`);
  const started = Date.now();
  const result = spawnSync(command, args, {
    cwd: REPO_ROOT,
    stdio: 'inherit',
    env: { ...process.env, ...env },
  });
  timings.push(`${label}: ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result.status === 0;
}

/** A check counts as one pass or one failure (system packages, lint, type check, build). */
function check(label: string, command: string, args: string[]): boolean {
  const ok = run(label, command, args);
  if (ok) passed += 1;
  else {
    failed += 1;
    failures.push(label);
  }
  return ok;
}

function readJson<T>(path: string): T | undefined {
  return existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as T) : undefined;
}

const systemOk = check('system packages', 'bash', ['scripts/ensure-system-deps.sh']);
check('lint', 'npm', ['run', 'lint']);
check('type check', 'npm', ['run', 'typecheck']);

const vitestReport = join(outputDir, 'vitest.json');
const vitestOk = run('unit and integration tests', 'npx', [
  'vitest',
  'run',
  // Thresholds for the device and protocol code are in vitest.config.ts.
  '--coverage',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${vitestReport}`,
]);
const vitest = readJson<{
  numPassedTests: number;
  numFailedTests: number;
  numTotalTestSuites: number;
}>(vitestReport);
if (vitest) {
  passed += vitest.numPassedTests;
  failed += vitest.numFailedTests;
  if (vitest.numFailedTests > 0) failures.push(`${vitest.numFailedTests} unit/integration tests`);
}
if (!vitestOk && (!vitest || vitest.numFailedTests === 0)) {
  failed += 1;
  failures.push('vitest run (a test file failed to load, or coverage fell below a threshold)');
}

const kioskBuilt = check('kiosk UI build', 'npm', ['run', 'build', '--workspace', 'kiosk-ui']);
const monitorBuilt = check('monitoring app build', 'npm', [
  'run',
  'build',
  '--workspace',
  'monitor-ui',
]);
const built = kioskBuilt && monitorBuilt;
if (built && systemOk) {
  const playwrightReport = join(outputDir, 'playwright.json');
  const e2eOk = run(
    'end-to-end tests (Chromium)',
    'npx',
    ['playwright', 'test', '-c', 'tests/playwright.config.ts'],
    {
      PLAYWRIGHT_JSON_OUTPUT_NAME: playwrightReport,
    },
  );
  const e2e = readJson<{ stats: { expected: number; unexpected: number; flaky: number } }>(
    playwrightReport,
  );
  if (e2e) {
    passed += e2e.stats.expected + e2e.stats.flaky;
    failed += e2e.stats.unexpected;
    if (e2e.stats.unexpected > 0) failures.push(`${e2e.stats.unexpected} end-to-end tests`);
  }
  if (!e2eOk && (!e2e || e2e.stats.unexpected === 0)) {
    failed += 1;
    failures.push('playwright run (setup or a test file failed)');
  }
} else {
  failed += 1;
  failures.push('end-to-end tests not run: the UI build or the system packages failed');
}

console.log(`\nTimings: ${timings.join('; ')}`);
if (failures.length > 0) console.log(`Failed: ${failures.join('; ')}`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
