import type {
  FastifyInstance,
  FastifySchema,
  FastifySchemaCompiler,
  FastifySerializerCompiler,
  FastifyServerOptions,
} from 'fastify';

type Validate = ReturnType<FastifySchemaCompiler<FastifySchema>>;
type Serialize = ReturnType<FastifySerializerCompiler<FastifySchema>>;
type CompilerFactory<T> = (
  externalSchemas: unknown,
  options: unknown,
) => (route: Parameters<FastifySchemaCompiler<FastifySchema>>[0]) => T;

/** The parts of Fastify's schema controller used here (fastify/lib/schema-controller.js). */
interface SchemaController {
  getSchemas(): unknown;
  getValidatorBuilder(): CompilerFactory<Validate>;
  getSerializerBuilder(): CompilerFactory<Serialize>;
}

function isSchemaController(value: unknown): value is SchemaController {
  const candidate = value as Partial<Record<keyof SchemaController, unknown>> | undefined;
  return (
    typeof candidate?.getSchemas === 'function' &&
    typeof candidate.getValidatorBuilder === 'function' &&
    typeof candidate.getSerializerBuilder === 'function'
  );
}

/** Fastify keeps its compilers' factories on the instance under this symbol; not public API. */
function schemaControllerOf(server: FastifyInstance): SchemaController | undefined {
  const key = Object.getOwnPropertySymbols(server).find(
    (symbol) => symbol.description === 'fastify.schemaController',
  );
  const controller: unknown = key && (server as unknown as Record<symbol, unknown>)[key];
  return isSchemaController(controller) ? controller : undefined;
}

/**
 * Makes `server` compile each route's request validators and reply serializers (Ajv and
 * fast-json-stringify, Fastify's own) when the route first uses them rather than when it is
 * registered. A terminal serves a handful of its routes all day (the kiosk's), and the
 * generated code of every other route (technician, counter, application screens) otherwise
 * sits in the heap for good: ~2 MB (docs/benchmarks.md, Agent memory). The same compilers
 * compile the same schemas, so what a route accepts and sends does not change; a schema
 * Ajv cannot compile fails its route's first request instead of the start.
 *
 * Call before any route is registered, with the `ajv` option the server was made with.
 * Returns false, leaving Fastify's eager compilation, if this Fastify keeps its compilers
 * where this module cannot find them.
 */
export function compileSchemasOnFirstUse(
  server: FastifyInstance,
  ajv: FastifyServerOptions['ajv'],
): boolean {
  const controller = schemaControllerOf(server);
  if (!controller) return false;
  const buildValidator = controller.getValidatorBuilder();
  const buildSerializer = controller.getSerializerBuilder();
  let validators: ReturnType<CompilerFactory<Validate>> | undefined;
  let serializers: ReturnType<CompilerFactory<Serialize>> | undefined;
  server.setValidatorCompiler((route) => {
    let compiled: Validate | undefined;
    // Fastify reads a failed validation's reasons from the function's `errors`, as Ajv leaves them.
    const validate: Validate = (...args: Parameters<Validate>) => {
      validators ??= buildValidator(controller.getSchemas(), ajv ?? {});
      compiled ??= validators(route);
      const valid = compiled(...args);
      validate.errors = compiled.errors;
      return valid;
    };
    return validate;
  });
  server.setSerializerCompiler((route) => {
    let compiled: Serialize | undefined;
    return (data) => {
      serializers ??= buildSerializer(controller.getSchemas(), undefined);
      compiled ??= serializers(route);
      return compiled(data);
    };
  });
  return true;
}
