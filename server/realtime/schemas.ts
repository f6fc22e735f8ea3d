import { z } from 'zod';
import { eventJsonByType, liveEventJson } from '../events/schemas';
import { BATCH_EVENT, SESSION_ENDED_EVENT } from './protocol';
import { SOCKET_END_REASONS } from './session-watch';

/** What the server emits on the admin namespace, by event name (the OpenAPI document's `x-socket-events`). */
export const socketEventPayloads = {
  ...eventJsonByType,
  [BATCH_EVENT]: z.array(liveEventJson).meta({
    id: 'LiveEventBatch',
    description:
      'Only to sockets that sent `auth: {batch: true}`: a burst in one frame, oldest first; treat each as if it came alone',
  }),
  [SESSION_ENDED_EVENT]: z.object({ reason: z.enum(SOCKET_END_REASONS) }).meta({
    id: 'SessionEnded',
    description: 'The session ended or its user is no longer an active admin; the server disconnects the socket next',
  }),
} satisfies Record<string, z.ZodType>;
