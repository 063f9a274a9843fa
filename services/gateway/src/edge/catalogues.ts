import {
  billingMessages,
  conventionsMessages,
  dataExchangeMessages,
  privacyMessages,
  supportMessages,
  type AnyMessage,
} from '@digit/contracts';

/**
 * The message catalogues the gateway serves over HTTP, by the name their module exports: their
 * routes (gateway.module.ts) and their API document (api-docs) come from this one list.
 */
export const CATALOGUES: Readonly<Record<string, { readonly tag: string; readonly messages: Readonly<Record<string, AnyMessage>> }>> = {
  conventionsMessages: { tag: 'Conventions', messages: conventionsMessages },
  privacyMessages: { tag: 'Privacy', messages: privacyMessages },
  dataExchangeMessages: { tag: 'DataExchange', messages: dataExchangeMessages },
  billingMessages: { tag: 'Billing', messages: billingMessages },
  supportMessages: { tag: 'Support', messages: supportMessages },
};
