import { HttpException, Inject, Injectable } from '@nestjs/common';
import type { Caller, ErrorDetail, Message } from '@digit/contracts';
import { sendMessage, type Bus, type MessageReply } from '@digit/messaging';

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
  async send<Request extends object, Reply>(message: Message<Request, Reply>, request: Request | Record<string, unknown>, caller: Caller): Promise<Reply> {
    let reply: MessageReply<Reply>;
    try {
      reply = await sendMessage(this.bus, message, request, caller);
    } catch {
      throw unavailable();
    }
    if (reply.ok) return reply.value;
    throw new HttpException(reply.error, reply.status);
  }
}
