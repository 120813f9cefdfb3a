/**
 * Releases for this machine's processor and the Node.js LTS majors it does not run itself
 * (target-suite.ts): each built, installed and run by that Node.js from the npm registry.
 */
import { describeTarget } from './target-suite.js';

describeTarget({ arch: 'x64', nodeMajor: 22 }, { healthSeconds: 30, timeoutMs: 90_000 });
describeTarget(
  { arch: 'x64', nodeMajor: 24 },
  { healthSeconds: 30, timeoutMs: 120_000, soakSeconds: 30 },
);
