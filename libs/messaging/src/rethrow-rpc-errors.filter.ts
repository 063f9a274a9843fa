import { Catch, type RpcExceptionFilter } from '@nestjs/common';
import { throwError, type Observable } from 'rxjs';

/**
 * Hands a handler's thrown error to the message edge (`answerMessage`) as it was thrown. Nest's
 * own RPC filter replaces it with `{ status: 'error' }`, so a DomainError thrown deep in a
 * command (an erased person's key when the event is sealed) answered 500 instead of its 409
 * (issue 18, found by the HTTP fuzz suite). The edge answers a domain error with its status and
 * anything else with a logged 500.
 */
@Catch()
export class RethrowToMessageEdge implements RpcExceptionFilter {
  catch(exception: unknown): Observable<never> {
    return throwError(() => exception);
  }
}
