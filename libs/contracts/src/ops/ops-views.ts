import type { Alert } from '../alert.js';

/**
 * The gateway's own answers for the dashboard's "Aujourd'hui" and "Système" pages (issue 13):
 * every service's alerts gathered for one date, the system's state for DIGIT ops, the dead
 * letters and their replay. Positions and sequence numbers are strings (JSON has no 64-bit integer).
 */

/** One service asked for its alerts: `ok`, `unavailable` (it did not answer: reported as an alert too), or `not_asked` (the caller's role does not read its alerts). */
export interface AlertSourceView {
  readonly service: string;
  readonly status: 'ok' | 'unavailable' | 'not_asked';
  readonly alerts: number;
}

/** `GET /api/v1/alerts?asOf=&insee=`: every service's alerts on `asOf`, the most urgent first (R-SEC-6). */
export interface AlertsOverviewView {
  readonly asOf: string;
  readonly alerts: readonly Alert[];
  readonly sources: readonly AlertSourceView[];
}

/** A replay already made of a dead letter: when, by whom, under which message id. */
export interface DeadLetterReplayRecord {
  readonly replayedAt: string;
  readonly replayedBy: string;
  /** The Nats-Msg-Id of the republished message (also the recording stream's id). */
  readonly publishedAs: string;
}

/** A message a consumer gave up on after its last delivery, with the reason (the original body is not served). */
export interface DeadLetterView {
  /** Its sequence in the dead letters stream: what the replay route names. */
  readonly seq: string;
  readonly consumer: string;
  readonly subject: string;
  readonly messageId: string;
  readonly deliveries: number;
  readonly reason: string;
  readonly failedAt: string;
  /** The domain event it carried, when it names one (`digit.events.*`). */
  readonly eventId: string | null;
  readonly eventType: string | null;
  /** Replayable: a domain event (replay checks it against the store). */
  readonly replayable: boolean;
  readonly replay: DeadLetterReplayRecord | null;
}

/** `GET /api/v1/ops/dead-letters?limit=&after=`: the newest first; `next` is the `after` of the next page. */
export interface DeadLettersPageView {
  readonly deadLetters: readonly DeadLetterView[];
  readonly next: string | null;
}

/** `POST /api/v1/ops/dead-letters/{seq}/replay`: the replay made now, or the one made before (`alreadyReplayed`). */
export interface DeadLetterReplayView extends DeadLetterReplayRecord {
  readonly seq: string;
  readonly consumer: string;
  readonly subject: string;
  readonly eventId: string;
  readonly alreadyReplayed: boolean;
}

/** A follower of the event store: a service's projection, or its relay to JetStream (`relay:<context>`). */
export interface FollowerStatusView {
  readonly name: string;
  readonly service: string;
  readonly kind: 'projection' | 'relay';
  readonly position: string;
  /** Positions between its checkpoint and the store's head (other streams' events included: an idle follower saves its checkpoint once a second). */
  readonly behind: number;
  /** When the oldest event it has not passed was recorded; null when it is at the head. */
  readonly pendingSince: string | null;
  /** Seconds from `pendingSince` to `checkedAt`. */
  readonly lagSeconds: number;
  readonly checkpointSavedAt: string;
}

export interface StreamStatusView {
  readonly name: string;
  readonly messages: number;
  readonly bytes: number;
  readonly firstSeq: string;
  readonly lastSeq: string;
  readonly consumers: readonly ConsumerStatusView[];
}

/** A JetStream durable consumer: what waits for it, what it holds unacknowledged, what was delivered again. */
export interface ConsumerStatusView {
  readonly name: string;
  readonly pending: number;
  readonly ackPending: number;
  readonly redelivered: number;
  readonly deliveredSeq: string;
  readonly ackFloorSeq: string;
}

export interface ServiceHealthView {
  readonly name: string;
  readonly status: 'ok' | 'unavailable';
}

/**
 * `GET /api/v1/ops/system`: each part read on its own; a part that could not be read is null and
 * `problems` says why, in French (NATS down does not hide the store's figures, nor the reverse).
 */
export interface SystemStatusView {
  readonly checkedAt: string;
  readonly status: 'ok' | 'degraded';
  readonly store: {
    readonly headPosition: string;
    readonly events: number;
    readonly bytes: number;
    readonly lastRecordedAt: string | null;
  } | null;
  readonly followers: readonly FollowerStatusView[] | null;
  readonly streams: readonly StreamStatusView[] | null;
  readonly deadLetters: { readonly count: number; readonly latest: DeadLetterView | null } | null;
  readonly services: readonly ServiceHealthView[];
  readonly problems: readonly string[];
}
