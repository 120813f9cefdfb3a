import { setFlagsFromString } from 'node:v8';

/**
 * V8 flags that Node refuses in NODE_OPTIONS (`--optimize-for-size`, `--bytecode-old-age`,
 * ...), named by AGENT_V8_FLAGS in device-agent/runtime.env. Imported first by the agent's
 * entry, so they are set before the agent's modules fill the heap: V8 reads them when it next
 * sizes its heap or collects (docs/benchmarks.md, Agent memory).
 */
const flags = process.env.AGENT_V8_FLAGS?.trim();
if (flags) setFlagsFromString(flags);
