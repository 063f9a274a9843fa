/** NATS subjects and JetStream stream names: the bus half of CONTRACT.md. */

/** Every stored event, published by each service's relay: `digit.events.<context>.<type>`. */
export const DOMAIN_EVENTS_STREAM = 'DIGIT_EVENTS';
export const domainEventSubject = (context: string, type: string): string => `digit.events.${context}.${type}`;
export const domainEventsOf = (context: string): string => `digit.events.${context}.>`;

/** Towns' DSIs publish road orders here (CONTRACT.md, R-DX-1..3). */
export const TOWN_VOIRIE_ORDERS_STREAM = 'TOWN_VOIRIE_ORDERS';
export const TOWN_VOIRIE_OUTCOMES_STREAM = 'TOWN_VOIRIE_OUTCOMES';
export const voirieOrdersSubject = (insee: string): string => `digit.towns.${insee}.voirie.orders`;
export const voirieOutcomesSubject = (insee: string): string => `digit.towns.${insee}.voirie.outcomes`;

/** Request/reply queries between the gateway and the services. */
export const querySubject = (context: string, query: string): string => `digit.query.${context}.${query}`;

/** Commands sent by the gateway (or any authorised client) to a service, answered by request/reply. */
export const commandSubject = (context: string, command: string): string => `digit.command.${context}.${command}`;
