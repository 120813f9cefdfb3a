import { type Result, ok, err } from '@bianmin/common';
import type { z } from 'zod';
import { CommunitiesConfigSchema, type CommunitiesConfig } from './communities.js';
import { DevicesConfigSchema, type DevicesConfig } from './devices.js';
import {
  type ConfigProblem,
  type IssueSource,
  fallbackExpected,
  problemsFromIssues,
} from './problems.js';
import { RegionsConfigSchema, type RegionsConfig } from './regions.js';
import { ServiceCatalogueSchema, type ServiceCatalogue } from './services.js';
import { TechniciansConfigSchema, type TechniciansConfig } from './technicians.js';
import { TerminalConfigSchema, type TerminalConfig } from './terminal.js';

export type ConfigKind =
  'terminal' | 'devices' | 'services' | 'regions' | 'communities' | 'technicians';

export interface ConfigKinds {
  terminal: TerminalConfig;
  devices: DevicesConfig;
  services: ServiceCatalogue;
  regions: RegionsConfig;
  communities: CommunitiesConfig;
  technicians: TechniciansConfig;
}

export type ConfigOf<K extends ConfigKind> = ConfigKinds[K];

export const CONFIG_KINDS: readonly ConfigKind[] = [
  'terminal',
  'devices',
  'services',
  'regions',
  'communities',
  'technicians',
];

export const CONFIG_SCHEMAS: { readonly [K in ConfigKind]: z.ZodType<ConfigOf<K>> } = {
  terminal: TerminalConfigSchema,
  devices: DevicesConfigSchema,
  services: ServiceCatalogueSchema,
  regions: RegionsConfigSchema,
  communities: CommunitiesConfigSchema,
  technicians: TechniciansConfigSchema,
};

export function isConfigKind(text: string): text is ConfigKind {
  return (CONFIG_KINDS as readonly string[]).includes(text);
}

/**
 * Validates parsed data, reporting every problem rather than stopping at the first.
 * `locate` (from the parsed text) gives each problem its line and column.
 */
export function validateConfig<K extends ConfigKind>(
  kind: K,
  data: unknown,
  file = `(${kind} config)`,
  locate?: IssueSource['locate'],
): Result<ConfigOf<K>, ConfigProblem[]> {
  return validateWith(CONFIG_SCHEMAS[kind], data, { file, ...(locate && { locate }) });
}

/** Any schema, with the same problem texts: config files and environment variables alike. */
export function validateWith<T>(
  schema: z.ZodType<T>,
  data: unknown,
  source: Omit<IssueSource, 'schema' | 'data'>,
): Result<T, ConfigProblem[]> {
  const parsed = schema.safeParse(data, { reportInput: true, error: fallbackExpected });
  if (parsed.success) return ok(parsed.data);
  return err(problemsFromIssues(parsed.error.issues, { ...source, schema, data }));
}
