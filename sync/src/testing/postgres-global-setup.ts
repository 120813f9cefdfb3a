import type { TestProject } from 'vitest/node';
import { startPostgresCluster } from './postgres-cluster.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test cluster's URL, or why it could not start (the PostgreSQL suites then fail). */
    postgres: { url: string } | { error: string };
  }
}

/**
 * vitest globalSetup: one throwaway PostgreSQL cluster for the whole run, each suite making
 * its own database in it. BIANMIN_TEST_POSTGRES_URL points the suites at an existing server
 * instead. A cluster that cannot start fails the PostgreSQL suites, never skips them.
 */
export default function setup(project: TestProject): () => void {
  const given = process.env['BIANMIN_TEST_POSTGRES_URL']?.trim();
  if (given) {
    project.provide('postgres', { url: given });
    return () => {};
  }
  const cluster = startPostgresCluster();
  project.provide('postgres', cluster.ok ? { url: cluster.value.url } : { error: cluster.error });
  return () => {
    if (cluster.ok) cluster.value.stop();
  };
}
