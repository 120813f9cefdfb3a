import { DEFAULT_CONFIG_DIR, loadTerminalConfig } from '@bianmin/config';

export function defaultTerminalConfig() {
  const loaded = loadTerminalConfig(DEFAULT_CONFIG_DIR);
  if (!loaded.ok) throw new Error('the default config must be valid');
  return loaded.value;
}
