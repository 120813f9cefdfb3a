import AjvCompiler from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';
import type { FastifyServerOptions } from 'fastify';

type ValidatorFactory = ReturnType<typeof AjvCompiler>;
type Validators = ReturnType<ValidatorFactory>;
type Validate = ReturnType<Validators>;
type SerializerFactory = ReturnType<typeof SerializerSelector>;
type Serializers = ReturnType<SerializerFactory>;
type Serialize = ReturnType<Serializers>;

/** Fastify's own validator compiler (Ajv), building a route's validator on its first request. */
function lazyValidators(factory: ValidatorFactory): ValidatorFactory {
  return (externalSchemas, options) => {
    let validators: Validators | undefined;
    return (route) => {
      let compiled: Validate | undefined;
      const validate = ((...args: Parameters<Validate>) => {
        validators ??= factory(externalSchemas, options);
        compiled ??= validators(route);
        const valid = compiled(...args);
        // Fastify reads a failed validation's reasons from the function's `errors`, as Ajv
        // leaves them.
        validate.errors = compiled.errors;
        return valid;
      }) as Validate;
      return validate;
    };
  };
}

/** Fastify's own serializer compiler (fast-json-stringify), building on first use. */
function lazySerializers(factory: SerializerFactory): SerializerFactory {
  return (externalSchemas, options) => {
    let serializers: Serializers | undefined;
    return (route) => {
      let compiled: Serialize | undefined;
      return (data) => {
        serializers ??= factory(externalSchemas, options);
        compiled ??= serializers(route);
        return compiled(data);
      };
    };
  };
}

/**
 * The `schemaController` server option that has Fastify compile each route's request
 * validators and reply serializers (with its own compilers, Ajv and fast-json-stringify) when
 * the route first uses them rather than when it is registered. A terminal serves a handful of
 * its routes all day (the kiosk's), and the generated code of every other route (technician,
 * counter, application screens) otherwise sits in the heap for good: ~2 MB
 * (docs/benchmarks.md, Agent memory). The same compilers compile the same schemas, so what a
 * route accepts and sends does not change; a schema Ajv cannot compile fails its route's
 * first request instead of the start.
 */
export function schemasCompiledOnFirstUse(): NonNullable<FastifyServerOptions['schemaController']> {
  return {
    compilersFactory: {
      buildValidator: lazyValidators(AjvCompiler()),
      buildSerializer: lazySerializers(SerializerSelector()),
    },
  };
}
