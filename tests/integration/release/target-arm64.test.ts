/**
 * arm64 releases built on this x86-64 machine (a cross compiler for better-sqlite3, the
 * packages' arm64 prebuilt binaries) and run under QEMU user-mode emulation
 * (target-suite.ts), for Node 22 and 24: both carry the one better-sqlite3 13 addon
 * (Node-API); Node 24 is the major its predecessor aborted (docs/deploy.md, "Node.js 24").
 * An emulated start costs a minute or more.
 */
import { describeTarget } from './target-suite.js';

describeTarget({ arch: 'arm64', nodeMajor: 22 }, { healthSeconds: 300, timeoutMs: 600_000 });
describeTarget(
  { arch: 'arm64', nodeMajor: 24 },
  { healthSeconds: 300, timeoutMs: 600_000, soakSeconds: 30 },
);
