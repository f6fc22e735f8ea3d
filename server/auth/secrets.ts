import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import argon2 from 'argon2';

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, { type: argon2.argon2id });
}

export async function verifyPassword(hash: string | null, password: string): Promise<boolean> {
  if (!hash) return false;
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A 4–6 digit PIN resists no offline guessing whatever the hash, so the
 * secret pepper and the failure limit protect it, and a keyed HMAC keeps the
 * morning rush at a kiosk cheap (the failure budgets: docs/ARCHITECTURE.md,
 * "Guessing and sessions").
 */
export function hashPin(pepper: string, pin: string): string {
  return createHmac('sha256', pepper).update(pin).digest('hex');
}

export function verifyPin(pepper: string, storedHash: string | null, pin: string): boolean {
  if (!storedHash) return false;
  const expected = Buffer.from(storedHash, 'hex');
  const actual = Buffer.from(hashPin(pepper, pin), 'hex');
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** Device and service tokens are random and long, so a fast unsalted hash is enough to store them. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

export function generateToken(): string {
  return randomBytes(32).toString('base64url');
}
