import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { err, ok, type Result } from '@bianmin/common';
import {
  formatProblems,
  PRINTER_SETTING_KEYS,
  loadConfigFile,
  validateConfig,
  type DevicesConfig,
} from '@bianmin/config';
import type { DeviceConnection, SetupDevice } from '@bianmin/contract';
import { writeFileAtomic } from '../storage/atomic-file.js';

/** The copy of devices.json as it was before the last save: what undo puts back. */
const PREVIOUS_SUFFIX = '.previous';

export interface DevicesFile {
  /** The file as it is now, validated like `npm run config:check`. */
  read(): Result<DevicesConfig, string>;
  /** Writes the device's new connection, keeping the file as it was for undo. */
  save(device: SetupDevice, connection: DeviceConnection): Result<DevicesConfig, string>;
  canUndo(): boolean;
  undo(): Result<DevicesConfig, string>;
}

/**
 * devices.json in the terminal's configuration folder, changed by the setup screen through
 * the same validation as `npm run config:check`: a change it refuses is never written.
 */
export function devicesFile(configDir: string): DevicesFile {
  const path = join(configDir, 'devices.json');
  const previous = `${path}${PREVIOUS_SUFFIX}`;
  const read = (): Result<DevicesConfig, string> => {
    const loaded = loadConfigFile('devices', path);
    return loaded.ok ? loaded : err(formatProblems(loaded.error));
  };
  return {
    read,
    save(device, connection) {
      let raw: unknown;
      try {
        raw = JSON.parse(readFileSync(path, 'utf8'));
      } catch (e) {
        return err(`devices.json 读不出：${e instanceof Error ? e.message : String(e)}`);
      }
      // Edited by hand since the start, it may be JSON of another shape: refused, not a crash.
      if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
        return err(
          `devices.json（${path}）不是一个 JSON 对象：应是 {"idCardReader": …, "printer": …}。请改好后用 npm run config:check 检查。`,
        );
      }
      const before = (raw as Record<string, unknown>)[device];
      // The printer's own settings stay as they were: the screen changes the connection only.
      const kept =
        device === 'printer' && typeof before === 'object' && before !== null
          ? Object.fromEntries(
              Object.entries(before).filter(([k]) =>
                (PRINTER_SETTING_KEYS as readonly string[]).includes(k),
              ),
            )
          : {};
      const next = { ...raw, [device]: { ...connection, ...kept } };
      const checked = validateConfig('devices', next, path);
      if (!checked.ok) return err(formatProblems(checked.error));
      try {
        // Written whole or not at all, as the file itself: a torn copy would leave no undo.
        writeFileAtomic(previous, readFileSync(path, 'utf8'));
        writeFileAtomic(path, `${JSON.stringify(next, null, 2)}\n`);
      } catch (e) {
        return err(`devices.json 写不进去：${e instanceof Error ? e.message : String(e)}`);
      }
      return checked;
    },
    canUndo: () => existsSync(previous),
    undo() {
      if (!existsSync(previous)) return err('没有可以撤销的更改。');
      const loaded = loadConfigFile('devices', previous);
      if (!loaded.ok) return err(formatProblems(loaded.error));
      try {
        writeFileAtomic(path, readFileSync(previous, 'utf8'));
        rmSync(previous);
      } catch (e) {
        return err(`devices.json 写不进去：${e instanceof Error ? e.message : String(e)}`);
      }
      return ok(loaded.value);
    },
  };
}
