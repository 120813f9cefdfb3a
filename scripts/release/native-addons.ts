/**
 * The native addons (`*.node`) a release carries and the processor each is compiled for, read
 * from its ELF header: a release must hold none for another processor than its own.
 */
import { closeSync, openSync, readSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { PROCESSORS, type ReleaseArch } from './targets.js';

export interface NativeAddon {
  /** Relative to the release folder. */
  path: string;
  /** undefined: not an ELF file for a processor of PROCESSORS (another system's binary). */
  arch: ReleaseArch | undefined;
}

function elfMachine(file: string): number | undefined {
  const header = Buffer.alloc(20);
  const fd = openSync(file, 'r');
  try {
    readSync(fd, header, 0, header.length, 0);
  } finally {
    closeSync(fd);
  }
  const elf = header.subarray(0, 4).equals(Buffer.from([0x7f, 0x45, 0x4c, 0x46]));
  // e_machine: 2 bytes at 18, little-endian (EI_DATA 1) on both processors.
  return elf && header[5] === 1 ? header.readUInt16LE(18) : undefined;
}

export function nativeAddons(releaseDir: string): NativeAddon[] {
  const addons: NativeAddon[] = [];
  const entries = readdirSync(join(releaseDir, 'node_modules'), {
    recursive: true,
    withFileTypes: true,
  });
  for (const entry of entries) {
    if (!entry.isFile() || !entry.name.endsWith('.node')) continue;
    const file = join(entry.parentPath, entry.name);
    const machine = elfMachine(file);
    const arch = (Object.keys(PROCESSORS) as ReleaseArch[]).find(
      (name) => PROCESSORS[name].elf === machine,
    );
    addons.push({ path: relative(releaseDir, file), arch });
  }
  return addons.sort((a, b) => a.path.localeCompare(b.path));
}
