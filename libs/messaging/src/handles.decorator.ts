import { Ctx, MessagePattern, Payload } from '@nestjs/microservices';
import type { DomainError, Message } from '@digit/contracts';
import type { MessageContext } from './message-edge.js';

/**
 * Binds a Nest handler to a message of the catalogue. The method's signature is checked against
 * the message: its request type in, its reply type (or a DomainError) out.
 */
export const Handles =
  <Request extends object, Reply>(message: Message<Request, Reply>) =>
  (
    target: object,
    key: string | symbol,
    descriptor: { readonly value?: (request: Request, context: MessageContext) => Promise<Reply | DomainError> },
  ): void => {
    MessagePattern(message.subject)(target, key, descriptor as PropertyDescriptor);
    // Nest passes a handler only the arguments its parameters ask for: the request and the context.
    Payload()(target, key, 0);
    Ctx()(target, key, 1);
  };
