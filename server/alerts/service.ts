import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { generateToken } from '../auth/secrets';
import type { Clock } from '../clock';
import type { Config } from '../config';
import type { Db } from '../db/knex';
import { NotFoundError, ValidationError } from '../errors';
import { pageMeta } from '../http/pagination';
import type { Logger } from '../logger';
import { type AlertDelivery, createAlertDelivery } from './delivery';
import { testText } from './messages';
import { toChannelJson, toDeliveryJson } from './presenter';
import { alertKey } from './queue';
import {
  type ChannelValues,
  type DeliveryFilter,
  deleteChannel,
  findChannel,
  findDelivery,
  insertChannel,
  listChannels,
  listDeliveries,
  updateChannel,
} from './repository';
import type { createdAlertChannelJson } from './schemas';
import { createSecretBox } from './secret-box';
import type { ChannelKind, ChannelRow, ChannelTarget } from './types';

/** What an admin gives for a channel; which fields apply depends on its kind. */
export interface ChannelInput {
  kind: ChannelKind;
  name: string;
  url?: string | undefined;
  secret?: string | undefined;
  bot_token?: string | undefined;
  chat_id?: string | undefined;
  addresses?: string[] | undefined;
  device_alerts?: boolean | undefined;
  digest?: boolean | undefined;
  enabled?: boolean | undefined;
}
export type ChannelChange = Partial<Omit<ChannelInput, 'kind'>>;

const FIELDS_OF: Record<ChannelKind, readonly (keyof ChannelChange)[]> = {
  webhook: ['url', 'secret'],
  telegram: ['bot_token', 'chat_id'],
  email: ['addresses'],
};

function targetOf(kind: ChannelKind, input: ChannelChange, current?: ChannelTarget): ChannelTarget | undefined {
  const given = (field: keyof ChannelChange) => input[field] !== undefined;
  if (!FIELDS_OF[kind].some(given)) return current;
  if (kind === 'webhook') return { url: input.url ?? (current as { url: string }).url };
  if (kind === 'telegram') return { chat_id: input.chat_id ?? (current as { chat_id: string }).chat_id };
  return { addresses: input.addresses ?? (current as { addresses: string[] }).addresses };
}

/** Fields of another kind are refused by name rather than ignored: an admin who sends them meant something. */
function assertFieldsFit(kind: ChannelKind, input: ChannelChange): void {
  const foreign = (Object.keys(FIELDS_OF) as ChannelKind[])
    .filter((other) => other !== kind)
    .flatMap((other) =>
      FIELDS_OF[other].filter((field) => input[field] !== undefined && !FIELDS_OF[kind].includes(field)),
    );
  if (foreign.length > 0)
    throw new ValidationError(foreign.map((path) => ({ path, message: `not a field of a ${kind} channel` })));
}

/**
 * Alert channels and the record of what was sent through them. Every write
 * is logged with the admin who made it; a test message is sent from the
 * request itself, so the admin sees its result at once.
 */
export function createAlertService(deps: { db: Db; clock: Clock; logger: Logger; config: Config }) {
  const { db, clock, logger, config } = deps;
  const secrets = createSecretBox(config.alerts.secretKey!);
  const delivery: AlertDelivery = createAlertDelivery({ ...deps, secrets });

  async function getRow(id: number): Promise<ChannelRow> {
    const row = await findChannel(db, id);
    if (!row) throw new NotFoundError('Alert channel');
    return row;
  }

  function assertEmailPossible(kind: ChannelKind) {
    if (kind === 'email' && !config.alerts.smtpUrl)
      throw new ValidationError([{ path: 'kind', message: 'email needs SMTP_URL set on the server' }]);
  }

  return {
    async list() {
      return (await listChannels(db)).map(toChannelJson);
    },

    /** A webhook without a secret gets one generated, shown in this answer only (like a device token). */
    async create(input: ChannelInput, actorId: number): Promise<z.output<typeof createdAlertChannelJson>> {
      assertEmailPossible(input.kind);
      const generated = input.kind === 'webhook' && !input.secret ? generateToken() : null;
      const secret = input.kind === 'webhook' ? (input.secret ?? generated) : (input.bot_token ?? null);
      const values: ChannelValues = {
        kind: input.kind,
        name: input.name,
        target: targetOf(input.kind, input),
        secret_ciphertext: secret === null ? null : secrets.seal(secret),
        device_alerts: input.device_alerts ?? true,
        digest: input.digest ?? false,
        enabled: input.enabled ?? true,
        created_by: actorId,
      };
      const id = await insertChannel(db, values, clock());
      logger.info({ channel_id: id, channel_kind: input.kind, actor_id: actorId }, 'Alert channel created');
      const channel = toChannelJson(await getRow(id));
      return generated ? { ...channel, secret: generated } : channel;
    },

    async update(id: number, change: ChannelChange, actorId: number) {
      const current = await getRow(id);
      assertFieldsFit(current.kind, change);
      const newSecret = current.kind === 'webhook' ? change.secret : change.bot_token;
      const values: ChannelValues = {
        name: change.name,
        target: targetOf(current.kind, change, current.target),
        secret_ciphertext: newSecret === undefined ? undefined : secrets.seal(newSecret),
        device_alerts: change.device_alerts,
        digest: change.digest,
        enabled: change.enabled,
      };
      await updateChannel(
        db,
        id,
        Object.fromEntries(Object.entries(values).filter(([, v]) => v !== undefined)),
        clock(),
      );
      logger.info({ channel_id: id, fields: Object.keys(change), actor_id: actorId }, 'Alert channel changed');
      return toChannelJson(await getRow(id));
    },

    async remove(id: number, actorId: number) {
      if ((await deleteChannel(db, id)) === 0) throw new NotFoundError('Alert channel');
      logger.info({ channel_id: id, actor_id: actorId }, 'Alert channel deleted');
    },

    async test(id: number, actorId: number) {
      const channel = await getRow(id);
      const message = {
        event_id: `test-${randomUUID()}`,
        kind: 'test' as const,
        text: testText(channel.name),
        at: clock().toISOString(),
      };
      const sent = await delivery.sendNow(alertKey(message, channel.id), channel, message);
      logger.info({ channel_id: id, outcome: sent.outcome, actor_id: actorId }, 'Alert channel tested');
      return toDeliveryJson((await findDelivery(db, sent.id))!);
    },

    async deliveries(filter: DeliveryFilter, page: number, perPage: number) {
      const { rows, total } = await listDeliveries(db, filter, page, perPage);
      return { data: rows.map(toDeliveryJson), meta: pageMeta(page, perPage, total) };
    },
  };
}

export type AlertService = ReturnType<typeof createAlertService>;
