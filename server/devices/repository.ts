import type { Db } from '../db/knex';

export interface DeviceIdentity {
  id: number;
  name: string;
}

export async function findDeviceByTokenHash(db: Db, tokenHash: string): Promise<DeviceIdentity | undefined> {
  return db('devices').where({ token_hash: tokenHash }).whereNull('deleted_at').first('id', 'name');
}

export async function insertDevice(db: Db, values: { name: string; location?: string | null; token_hash: string }): Promise<number> {
  const [id] = await db('devices').insert(values);
  return Number(id);
}
