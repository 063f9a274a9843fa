import { HttpException, Inject, Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { Caller, ErrorDetail, Message, UploadRef } from '@digit/contracts';
import { natsReplicas, putUpload, sendMessage, UploadTooLargeError, type Bus, type MessageReply } from '@digit/messaging';

export const BUS = Symbol('BUS');

export class ApiError extends HttpException {
  constructor(status: number, error: string, message: string, details: readonly ErrorDetail[] = []) {
    super({ error, message, details }, status);
  }
}

const unavailable = () => new ApiError(503, 'service_unavailable', 'Le service concerné ne répond pas ; réessayez dans un instant.');

/** The gateway's only way to reach a service: a message over NATS as the caller, errors kept as the service gave them. */
@Injectable()
export class ServiceClient {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  /** Sends a message of the catalogue as `caller`; the service checks the policy again and validates. */
  async send<Request extends object, Reply>(
    message: Message<Request, Reply>,
    request: Request | Record<string, unknown>,
    caller: Caller,
  ): Promise<Reply> {
    let reply: MessageReply<Reply>;
    try {
      reply = await sendMessage(this.bus, message, request, caller, message.timeoutMs);
    } catch {
      throw unavailable();
    }
    if (reply.ok) return reply.value;
    throw new HttpException(reply.error, reply.status);
  }

  /** A file for a service, into the uploads object store (a request body larger than a NATS message). */
  async upload(chunks: AsyncIterable<Uint8Array>, maxBytes: number): Promise<UploadRef> {
    try {
      return await putUpload(this.bus, randomUUID(), chunks, maxBytes, natsReplicas());
    } catch (error) {
      if (error instanceof UploadTooLargeError) {
        throw new ApiError(413, 'payload_too_large', `Le fichier dépasse ${Math.round(maxBytes / 1024 / 1024)} Mio.`);
      }
      throw unavailable();
    }
  }
}
