import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, verify } from 'node:crypto';

/**
 * A signature algorithm the terminal and the centre agree on at enrolment. Ed25519 is the
 * default; SM2 with SM3 (GB/T 39786-2021) can be added as another scheme without touching
 * the protocol: the terminal names its scheme when it enrols (docs/protocol.md).
 */
export interface SignatureScheme {
  /** As sent in the enrolment request, e.g. 'ed25519'. */
  readonly name: string;
  /** privateKey stays on the terminal (PKCS #8 PEM); publicKey is the wire encoding. */
  generate(): { privateKey: string; publicKey: string };
  /** Standard base64 of the signature over message. */
  sign(privateKey: string, message: Uint8Array): string;
  /** False for a wrong signature and for any input that cannot be read. */
  verify(publicKey: string, message: Uint8Array, signature: string): boolean;
  /** Whether publicKey is a valid key of this scheme. */
  isPublicKey(publicKey: string): boolean;
}

// A centre verifies thousands of requests a second from up to 120,000 terminals (a nation's
// urban communities): parsing a key once per terminal, not once per request.
const publicKeys = new Map<string, ReturnType<typeof createPublicKey>>();
const PUBLIC_KEY_CACHE = 250_000;

function ed25519PublicKey(publicKey: string) {
  const cached = publicKeys.get(publicKey);
  if (cached) return cached;
  const raw = Buffer.from(publicKey, 'base64');
  if (raw.length !== 32 || raw.toString('base64') !== publicKey) return undefined;
  let key: ReturnType<typeof createPublicKey>;
  try {
    key = createPublicKey({
      key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') },
      format: 'jwk',
    });
  } catch {
    return undefined;
  }
  if (publicKeys.size >= PUBLIC_KEY_CACHE) publicKeys.clear();
  publicKeys.set(publicKey, key);
  return key;
}

// A terminal signs every request with its one key, a fleet simulator or load generator with
// thousands: parse each once (parsing the PEM costs more than signing).
const privateKeys = new Map<string, ReturnType<typeof createPrivateKey>>();
function privateKeyObject(pem: string) {
  let key = privateKeys.get(pem);
  if (key === undefined) {
    key = createPrivateKey(pem);
    if (privateKeys.size >= PUBLIC_KEY_CACHE) privateKeys.clear();
    privateKeys.set(pem, key);
  }
  return key;
}

/** Ed25519 (RFC 8032); public key: the 32 raw bytes in standard base64. */
export const ed25519: SignatureScheme = {
  name: 'ed25519',
  generate() {
    const { privateKey, publicKey } = generateKeyPairSync('ed25519');
    const x = publicKey.export({ format: 'jwk' }).x ?? '';
    return {
      privateKey: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
      publicKey: Buffer.from(x, 'base64url').toString('base64'),
    };
  },
  sign(privateKey, message) {
    return sign(null, message, privateKeyObject(privateKey)).toString('base64');
  },
  verify(publicKey, message, signature) {
    const key = ed25519PublicKey(publicKey);
    const bytes = Buffer.from(signature, 'base64');
    if (key === undefined || bytes.length !== 64) return false;
    try {
      return verify(null, message, key, bytes);
    } catch {
      return false;
    }
  },
  isPublicKey: (publicKey) => ed25519PublicKey(publicKey) !== undefined,
};

const SCHEMES: readonly SignatureScheme[] = [ed25519];

/** The scheme with this name, if this build knows it. */
export function signatureScheme(name: string): SignatureScheme | undefined {
  return SCHEMES.find((scheme) => scheme.name === name);
}
