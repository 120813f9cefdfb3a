import { err, ok, type Result } from '@bianmin/common';
import { validateRemoteParts, type RemoteParts } from '@bianmin/config';
import {
  isConfigDocument,
  isSignedConfig,
  type ConfigDocument,
  type ConfigKey,
  type SignedConfig,
} from '@bianmin/contract';
import { signatureScheme } from '@bianmin/sync/signing';

/** A document that passed every check: safe to keep and to run. */
export interface AcceptedDocument {
  signed: SignedConfig;
  document: ConfigDocument;
  /** The configuration parts, as the config validators returned them. */
  parts: RemoteParts;
}

export interface ConfigRefusal {
  reason:
    | 'malformed'
    | 'no-key'
    | 'bad-signature'
    | 'other-terminal'
    | 'other-region'
    | 'not-newer'
    | 'invalid-content';
  /** For a person: what is wrong, never the content itself. */
  message: string;
  /** The first invalid setting, for invalid-content. */
  where?: string;
}

export interface CheckContext {
  /** The centre's key as pinned at enrolment. */
  key: ConfigKey | undefined;
  terminalId: string;
  /** This terminal's community (terminal.json): the document must be for it. */
  communityCode: string;
  /** Only a document newer than this is taken (0: any); undefined skips the check (a start). */
  newerThan: number | undefined;
}

const refuse = (reason: ConfigRefusal['reason'], message: string, where?: string) =>
  err<ConfigRefusal>({ reason, message, ...(where !== undefined && { where }) });

/**
 * The checks a configuration document passes before the terminal keeps it, in this order:
 * signed by the pinned centre key over its exact bytes, for this terminal and its community,
 * newer than what runs, and every part valid by the same validators as the local files.
 */
export function checkDocument(
  signed: unknown,
  context: CheckContext,
): Result<AcceptedDocument, ConfigRefusal> {
  if (!isSignedConfig(signed)) return refuse('malformed', 'the reply is not a signed document');
  const { key } = context;
  if (key === undefined) {
    return refuse(
      'no-key',
      'this terminal has no pinned centre key: it learns it at enrolment (or centre-config-key.json is placed by hand)',
    );
  }
  const scheme = signatureScheme(key.algorithm);
  const bytes = Buffer.from(signed.document, 'utf8');
  if (
    scheme === undefined ||
    signed.algorithm !== key.algorithm ||
    !scheme.verify(key.publicKey, bytes, signed.signature)
  ) {
    return refuse('bad-signature', "the signature is not the pinned centre key's");
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(signed.document);
  } catch {
    return refuse('malformed', 'the signed document is not JSON');
  }
  if (!isConfigDocument(parsed)) {
    return refuse('malformed', 'the signed document is not a configuration document');
  }
  const document = parsed;
  if (document.terminalId !== context.terminalId) {
    return refuse('other-terminal', `the document is for terminal ${document.terminalId}`);
  }
  if (document.communityCode !== context.communityCode) {
    return refuse(
      'other-region',
      `the document is for community ${document.communityCode}, this terminal serves ${context.communityCode}`,
    );
  }
  if (context.newerThan !== undefined && document.version <= context.newerThan) {
    return refuse(
      'not-newer',
      `version ${document.version} is not newer than ${context.newerThan}, which this terminal runs or refused`,
    );
  }
  const parts = validateRemoteParts({
    ...(document.services !== undefined && { services: document.services }),
    ...(document.serviceHours !== undefined && { serviceHours: document.serviceHours }),
    ...(document.closures !== undefined && { closures: document.closures }),
  });
  if (!parts.ok) {
    const first = parts.error[0]!;
    return refuse(
      'invalid-content',
      `${parts.error.length} invalid setting(s), first ${first.file} ${first.path}: ${first.expected}`,
      `${first.file}.${first.path}`,
    );
  }
  return ok({ signed, document, parts: parts.value });
}
