import type { Db, Trx } from '../db/knex';
import type { AlertKind, ChannelKind, ChannelRow, ChannelTarget, DeliveryOutcome, DeliveryRow } from './types';

// MariaDB keeps JSON as text, so mysql2 hands it back as a string.
const fromJson = <T>(value: unknown): T => (typeof value === 'string' ? JSON.parse(value) : value) as T;

const toChannel = (row: Record<string, unknown>): ChannelRow => ({
  ...(row as unknown as ChannelRow),
  target: fromJson<ChannelTarget>(row.target),
  device_alerts: Boolean(row.device_alerts),
  digest: Boolean(row.digest),
  enabled: Boolean(row.enabled),
});

export const listChannels = async (db: Db): Promise<ChannelRow[]> =>
  (await db('alert_channels').orderBy('name').orderBy('id')).map(toChannel);

export const findChannel = async (db: Db | Trx, id: number): Promise<ChannelRow | undefined> => {
  const row = await db('alert_channels').where({ id }).first();
  return row ? toChannel(row) : undefined;
};

/** The channels a kind of message goes to: device alerts or the morning digest. */
export const listSubscribedChannels = async (db: Db, subscription: 'device_alerts' | 'digest'): Promise<ChannelRow[]> =>
  (
    await db('alert_channels')
      .where({ enabled: true, [subscription]: true })
      .orderBy('id')
  ).map(toChannel);

export interface ChannelValues {
  kind?: ChannelKind;
  name?: string;
  target?: ChannelTarget;
  secret_ciphertext?: string | null;
  device_alerts?: boolean;
  digest?: boolean;
  enabled?: boolean;
  created_by?: number;
}

const toColumns = ({ target, ...values }: ChannelValues) =>
  target === undefined ? values : { ...values, target: JSON.stringify(target) };

export async function insertChannel(db: Db, values: ChannelValues, at: Date): Promise<number> {
  const [id] = await db('alert_channels').insert({ ...toColumns(values), created_at: at, updated_at: at });
  return Number(id);
}

export async function updateChannel(db: Db, id: number, values: ChannelValues, at: Date): Promise<void> {
  await db('alert_channels')
    .where({ id })
    .update({ ...toColumns(values), updated_at: at });
}

export const deleteChannel = (db: Db, id: number): Promise<number> => db('alert_channels').where({ id }).delete();

export interface DeliveryValues {
  job_key: string;
  channel_id: number;
  kind: AlertKind;
  event_id: string;
  device_id: number | null;
  attempt: number;
  outcome: DeliveryOutcome;
  detail: string | null;
  text: string;
  created_at: Date;
}

export async function insertDelivery(db: Db, values: DeliveryValues): Promise<number> {
  const [id] = await db('alert_deliveries').insert({ ...values, detail: values.detail?.slice(0, 500) ?? null });
  return Number(id);
}

/** Whether this message already reached this channel: a retry or a replay after a crash then sends nothing. */
export const wasSent = async (db: Db, jobKey: string): Promise<boolean> =>
  Boolean(await db('alert_deliveries').where({ job_key: jobKey, outcome: 'sent' }).first('id'));

export interface DeliveryFilter {
  channel_id?: number | undefined;
  outcome?: DeliveryOutcome | undefined;
  device_id?: number | undefined;
}

const deliveriesWhere = (db: Db, filter: DeliveryFilter) => {
  const query = db('alert_deliveries as d');
  if (filter.channel_id) query.where('d.channel_id', filter.channel_id);
  if (filter.outcome) query.where('d.outcome', filter.outcome);
  if (filter.device_id) query.where('d.device_id', filter.device_id);
  return query;
};

export async function listDeliveries(
  db: Db,
  filter: DeliveryFilter,
  page: number,
  perPage: number,
): Promise<{ rows: DeliveryRow[]; total: number }> {
  const [{ total }] = await deliveriesWhere(db, filter).count({ total: '*' });
  const rows = await withNames(deliveriesWhere(db, filter))
    .orderBy('d.id', 'desc')
    .limit(perPage)
    .offset((page - 1) * perPage);
  return { rows, total: Number(total) };
}

export const findDelivery = (db: Db, id: number): Promise<DeliveryRow | undefined> =>
  withNames(db('alert_deliveries as d')).where('d.id', id).first();

/** A delivery as admins read it: with the names of its channel and device. */
function withNames(query: ReturnType<typeof deliveriesWhere>) {
  return query
    .join('alert_channels as c', 'c.id', 'd.channel_id')
    .leftJoin('devices as dev', 'dev.id', 'd.device_id')
    .select('d.*', 'c.name as channel_name', 'c.kind as channel_kind', 'dev.name as device_name');
}
