/**
 * An arm64 release built on this x86-64 machine (a cross compiler for better-sqlite3, the
 * packages' arm64 prebuilt binaries) and run under QEMU user-mode emulation
 * (target-suite.ts), for Node 22: its better-sqlite3 13 addon is the one Node 24 runs too
 * (Node-API), and an emulated start costs a minute or more (docs/deploy.md).
 */
import { describeTarget } from './target-suite.js';

describeTarget({ arch: 'arm64', nodeMajor: 22 }, { healthSeconds: 300, timeoutMs: 600_000 });
