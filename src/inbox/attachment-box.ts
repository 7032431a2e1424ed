/**
 * Attachments at rest: AES-256-GCM with a key derived from IDENTIFIER_KEY for this purpose only
 * (HKDF, src/common/crypto.ts). Stored as iv (12 bytes) ‖ tag (16) ‖ ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { deriveKey } from '../common/crypto.js';

export class AttachmentBox {
  private readonly key: Buffer;

  constructor(masterKey: string) {
    this.key = deriveKey(masterKey, 'inbox-attachment-encryption');
  }

  seal(plain: Buffer): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const data = Buffer.concat([cipher.update(plain), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), data]);
  }

  open(sealed: Buffer): Buffer {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12));
    decipher.setAuthTag(sealed.subarray(12, 28));
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]);
  }
}
