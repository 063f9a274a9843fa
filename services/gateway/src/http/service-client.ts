import { HttpException, Inject, Injectable } from '@nestjs/common';
import { validateDto, type ErrorDetail } from '@digit/contracts';
import { requestQuery, type Bus } from '@digit/messaging';

export const BUS = Symbol('BUS');

export class ApiError extends HttpException {
  constructor(status: number, error: string, message: string, details: readonly ErrorDetail[] = []) {
    super({ error, message, details }, status);
  }
}

/** The gateway's only way to reach a service: request/reply over NATS, errors kept as the service gave them. */
@Injectable()
export class ServiceClient {
  constructor(@Inject(BUS) private readonly bus: Bus) {}

  async ask<T>(subject: string, payload: unknown): Promise<T> {
    let reply;
    try {
      reply = await requestQuery<T>(this.bus, subject, payload);
    } catch {
      throw new ApiError(503, 'service_unavailable', 'Le service concerné ne répond pas ; réessayez dans un instant.');
    }
    if (reply.ok) return reply.value;
    throw new HttpException(reply.error, reply.status);
  }

  /** Validates an HTTP body against a contract DTO; 400 with every problem when it fails. */
  async validBody<T extends object>(dto: new () => T, body: unknown): Promise<T> {
    const result = await validateDto(dto, body);
    if (!result.ok) throw new ApiError(400, 'invalid_request', 'La requête contient des erreurs ; voir le détail.', result.details);
    return result.value;
  }
}
