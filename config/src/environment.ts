import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Result } from '@bianmin/common';
import { z } from 'zod';
import { CONFIG_DIR_ENV, DEFAULT_CONFIG_DIR, REPO_ROOT } from './config-dir.js';
import { type ConfigProblem, ENVIRONMENT } from './problems.js';
import { isHttpUrl } from './terminal.js';
import { validateWith } from './validate.js';

/**
 * What each process reads from its environment, checked like the configuration files and
 * reported with the same texts: the source is named 'environment', the path is the
 * variable. docs/deploy.md lists these variables; keep it in step.
 */

export const DEFAULT_AGENT_DATA_DIR = join(REPO_ROOT, '.data', 'agent');
export const DEFAULT_CENTRAL_DATA_DIR = join(REPO_ROOT, '.data', 'central');

const port = (fallback: number) =>
  z
    .string()
    .refine((text) => /^\d{1,5}$/.test(text) && Number(text) <= 65_535, {
      error: `a port number from 0 to 65535 (0 picks a free one), or unset for ${fallback}`,
    })
    .transform(Number)
    .default(fallback);

const host = (fallback: string) =>
  z
    .string()
    .regex(/^[^\s/]+$/, {
      error: `a host name or IP address to listen on, e.g. 127.0.0.1 (this computer only) or 0.0.0.0 (every network), or unset for ${fallback}`,
    })
    .default(fallback);

const folder = (fallback: string) => z.string().default(fallback);

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const shared = {
  [CONFIG_DIR_ENV]: folder(DEFAULT_CONFIG_DIR),
  LOG_LEVEL: z
    .enum(LOG_LEVELS, { error: `one of ${LOG_LEVELS.join(', ')}, or unset for info` })
    .default('info'),
};

export const AgentEnvSchema = z.object({
  AGENT_PORT: port(7070),
  AGENT_HOST: host('127.0.0.1'),
  AGENT_DATA_DIR: folder(DEFAULT_AGENT_DATA_DIR),
  CENTRAL_URL: z
    .string()
    .refine(isHttpUrl, {
      error:
        'the central service base URL starting with http:// or https://, e.g. http://127.0.0.1:8080, or unset to use centre.url from terminal.json',
    })
    .optional(),
  AGENT_ENROLMENT_TOKEN: z
    .string()
    .regex(/^[A-Za-z0-9_-]{43}$/, {
      error:
        'the one-time enrolment token an administrator got when creating this terminal at the centre (43 characters), or unset once the terminal is enrolled',
    })
    .optional(),
  KIOSK_UI_DIR: z
    .string()
    .refine(isFolder, {
      error:
        'an existing folder holding the built kiosk UI (npm run build --workspace kiosk-ui writes kiosk-ui/build), or unset',
    })
    .optional(),
  ...shared,
});

export const CentralEnvSchema = z.object({
  CENTRAL_PORT: port(8080),
  CENTRAL_HOST: host('127.0.0.1'),
  CENTRAL_DATA_DIR: folder(DEFAULT_CENTRAL_DATA_DIR),
  CENTRAL_ADMIN_TOKEN: z
    .string()
    .regex(/^\S{32,256}$/, {
      error:
        'a secret of at least 32 characters without spaces (e.g. openssl rand -base64 32) for the administrator routes and npm run centre:admin, or unset to turn them off',
    })
    .optional(),
  CENTRAL_DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\/\S+$/, {
      error:
        'a PostgreSQL connection URL, e.g. postgres://bianmin@db.example/bianmin, or unset to keep the centre in its SQLite file',
    })
    .optional(),
  CENTRAL_CLOCK_WINDOW_SECONDS: z
    .string()
    .refine((text) => /^\d{1,5}$/.test(text) && Number(text) >= 30 && Number(text) <= 3600, {
      error:
        'how far a terminal request time may be from the centre clock, 30 to 3600 seconds, or unset for 300',
    })
    .transform(Number)
    .default(300),
  CENTRAL_ENROLMENT_TOKEN_HOURS: z
    .string()
    .refine((text) => /^\d{1,3}$/.test(text) && Number(text) >= 1 && Number(text) <= 720, {
      error: 'how long a new enrolment token stays usable, 1 to 720 hours, or unset for 72',
    })
    .transform(Number)
    .default(72),
  /**
   * A file holding the centre's configuration-signing key (docs/remote-config.md), made on
   * first start if missing. Unset: the key is kept in the centre's database.
   */
  CENTRAL_CONFIG_KEY_FILE: z.string().min(1).optional(),
  ...shared,
});

export type AgentEnv = z.output<typeof AgentEnvSchema>;
export type CentralEnv = z.output<typeof CentralEnvSchema>;

type Environment = Readonly<Record<string, string | undefined>>;

/** A variable set to nothing or only spaces (`AGENT_PORT=` in a unit file) counts as unset. */
function present(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed === '' ? undefined : trimmed;
}

/** Reads the variables `schema` names from `env`, reporting every wrong one. */
export function parseEnvironment<Shape extends z.ZodRawShape>(
  schema: z.ZodObject<Shape>,
  env: Environment,
): Result<z.output<z.ZodObject<Shape>>, ConfigProblem[]> {
  const data = Object.fromEntries(
    Object.keys(schema.shape).map((name) => [name, present(env[name])]),
  );
  return validateWith(schema, data, { file: ENVIRONMENT });
}

/** The configuration folder: $BIANMIN_CONFIG_DIR, or config/defaults when it is unset. */
export function resolveConfigDir(env: Environment = process.env): string {
  return shared[CONFIG_DIR_ENV].parse(present(env[CONFIG_DIR_ENV]));
}
