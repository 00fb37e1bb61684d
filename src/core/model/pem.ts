/**
 * A PEM bundle as ESO's `caBundle` fields take it (base64 of the PEM text): PEM text is encoded,
 * base64-encoded PEM is kept (without whitespace); undefined when it is neither.
 */
export function encodePemBundle(bundle: string): string | undefined {
  const trimmed = bundle.trim();
  if (trimmed.startsWith('-----BEGIN ')) {
    return Buffer.from(trimmed + '\n').toString('base64');
  }
  if (/^[A-Za-z0-9+/\s]+=*$/.test(trimmed) && Buffer.from(trimmed, 'base64').toString('utf8').startsWith('-----BEGIN ')) {
    return trimmed.replace(/\s+/g, '');
  }
  return undefined;
}

/**
 * What is wrong with a CA bundle (base64 of PEM text), or undefined when every block is a
 * certificate. ESO parses the bundle as PEM certificates (x509) and fails the store otherwise.
 */
export function caBundleProblem(encoded: string): string | undefined {
  const text = Buffer.from(encoded, 'base64').toString('utf8');
  const blocks = [...text.matchAll(/-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g)];
  if (blocks.length === 0) {
    return 'has no complete pem block';
  }
  for (const [, label, body] of blocks) {
    if (/PRIVATE KEY/.test(label)) {
      return `holds a ${label.toLowerCase()}, a credential that must never be in a manifest (a ca bundle is public certificates only)`;
    }
    if (label !== 'CERTIFICATE') {
      return `holds a ${label.toLowerCase()} block, not a certificate`;
    }
    const b64 = body.replace(/\s+/g, '');
    if (b64 === '' || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64) || Buffer.from(b64, 'base64')[0] !== 0x30) {
      return 'holds a certificate block whose body is not a der certificate';
    }
  }
  return undefined;
}
