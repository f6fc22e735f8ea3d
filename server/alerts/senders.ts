import { createHmac } from 'node:crypto';
import nodemailer from 'nodemailer';
import type { Config } from '../config';
import type { AlertMessage, ChannelRow } from './types';

/** A channel that did not take the message; `detail` is what the admin reads in the delivery list. */
export class DeliveryFailure extends Error {}

type AlertSettings = Config['alerts'];

export const signatureOf = (body: string, secret: string) =>
  `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`;

async function post(url: string, body: string, headers: Record<string, string>, timeoutMs: number) {
  try {
    return await fetch(url, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'User-Agent': 'absensi-live-alerts', ...headers },
      body,
      signal: AbortSignal.timeout(timeoutMs),
      redirect: 'manual',
    });
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause;
    const reason =
      (error as Error).name === 'TimeoutError'
        ? `no answer within ${timeoutMs} ms`
        : (cause ?? (error as Error)).message;
    throw new DeliveryFailure(reason);
  }
}

async function sendWebhook(url: string, secret: string, message: AlertMessage, settings: AlertSettings) {
  const body = JSON.stringify(message);
  const answer = await post(url, body, { 'X-Absensi-Signature': signatureOf(body, secret) }, settings.timeoutMs);
  await answer.body?.cancel();
  if (!answer.ok) throw new DeliveryFailure(`HTTP ${answer.status}`);
  return `HTTP ${answer.status}`;
}

async function sendTelegram(chatId: string, botToken: string, message: AlertMessage, settings: AlertSettings) {
  const url = `${settings.telegramApiUrl}/bot${botToken}/sendMessage`;
  const answer = await post(url, JSON.stringify({ chat_id: chatId, text: message.text }), {}, settings.timeoutMs);
  const reply = (await answer.json().catch(() => null)) as { ok?: boolean; description?: string } | null;
  // The Bot API answers {ok:false, description} for a wrong chat or a revoked token, sometimes with a 2xx.
  if (!answer.ok || reply?.ok !== true)
    throw new DeliveryFailure(`Telegram HTTP ${answer.status}${reply?.description ? `: ${reply.description}` : ''}`);
  return `Telegram HTTP ${answer.status}`;
}

const subjectOf = (message: AlertMessage) => `[Absensi Live] ${message.text.split('\n')[0]}`;

async function sendEmail(addresses: string[], message: AlertMessage, settings: AlertSettings) {
  if (!settings.smtpUrl) throw new DeliveryFailure('SMTP_URL is not set');
  const transport = nodemailer.createTransport({
    url: settings.smtpUrl,
    connectionTimeout: settings.timeoutMs,
    greetingTimeout: settings.timeoutMs,
    socketTimeout: settings.timeoutMs,
  });
  try {
    const info = await transport.sendMail({
      from: settings.emailFrom,
      to: addresses,
      subject: subjectOf(message),
      text: message.text,
    });
    return `SMTP ${info.response}`;
  } catch (error) {
    throw new DeliveryFailure(`SMTP: ${(error as Error).message}`);
  } finally {
    transport.close();
  }
}

/** Sends one message to one channel; resolves with what the receiver answered, or throws DeliveryFailure. */
export function sendToChannel(
  channel: ChannelRow,
  secret: string | null,
  message: AlertMessage,
  settings: AlertSettings,
): Promise<string> {
  const target = channel.target;
  if ('url' in target) return sendWebhook(target.url, secret ?? '', message, settings);
  if ('chat_id' in target) return sendTelegram(target.chat_id, secret ?? '', message, settings);
  return sendEmail(target.addresses, message, settings);
}
