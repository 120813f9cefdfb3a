/**
 * An arm64 release built on this x86-64 machine (a cross compiler for better-sqlite3, the
 * packages' arm64 prebuilt binaries) and run under QEMU user-mode emulation
 * (target-suite.ts), for Node 22: Node 24 cannot run the agent yet (target-x64.test.ts), and
 * an emulated start costs a minute or more (docs/deploy.md).
 */
import { describeTarget } from './target-suite.js';

describeTarget({ arch: 'arm64', nodeMajor: 22 }, { healthSeconds: 300, timeoutMs: 600_000 });
