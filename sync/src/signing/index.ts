export { ed25519, signatureScheme, type SignatureScheme } from './signature-scheme.js';
export { bodySha256, newNonce, signatureHeaders } from './request-signature.js';
